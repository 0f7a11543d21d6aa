"""The 2024-04-15 slots routes (`/v2/slots/available`, `/reserve`, `/selected-slot`): SlotsController_2024_04_15."""
