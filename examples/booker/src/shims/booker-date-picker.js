// Work-around for @calcom/atoms 2.11.0: booker/components/booker-component.js renders the *primitive*
// calendar-view DatePicker with only {event, slots, isLoading, scrollToTimeSlots, classNames}; it never
// passes onChange / onMonthChange / locale / selected, so the first render throws
// "TypeError: onChange is not a function". This wrapper restores what Cal.com's own Booker DatePicker does
// (packages/features/bookings/Booker/components/DatePicker.tsx): wire the picker to the booker store.
import React from "react";
import dayjs from "dayjs";
import { shallow } from "zustand/shallow";
import { DatePicker as AtomsDatePicker } from "@atoms-dist/calendar-view/components/date-picker.js";
import { useBookerStoreContext } from "@atoms-dist/booker/booker-store-provider.js";
import { useNonEmptyScheduleDays } from "@atoms-dist/booker/hooks/use-non-empty-schedule-days.js";
import { useAtomsLocale } from "@atoms-dist/hooks/use-atoms-locale.js";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export function DatePicker({ event, slots, isLoading, classNames, onDateChange, ...rest }) {
  const [month, selectedDate, setSelectedDate, setMonth] = useBookerStoreContext(
    (s) => [s.month, s.selectedDate, s.setSelectedDate, s.setMonth],
    shallow
  );
  const { i18n } = useAtomsLocale();
  const includedDates = useNonEmptyScheduleDays(slots);
  const weekStartName = event?.data?.users?.[0]?.weekStart ?? event?.data?.profile?.weekStart ?? "Sunday";
  return React.createElement(AtomsDatePicker, {
    ...rest,
    customClassNames: classNames,
    isLoading,
    slots,
    includedDates,
    eventSlug: event?.data?.slug,
    locale: i18n?.language ?? "en",
    browsingDate: month ? dayjs(month) : undefined,
    selected: selectedDate ? dayjs(selectedDate) : null,
    weekStart: Math.max(0, WEEKDAYS.indexOf(weekStartName)),
    onChange: (date, omitUpdatingParams) => {
      setSelectedDate({ date: date ? date.format("YYYY-MM-DD") : null, omitUpdatingParams });
      onDateChange?.();
    },
    onMonthChange: (date) => {
      setMonth(date.format("YYYY-MM"));
      setSelectedDate({ date: date.format("YYYY-MM-DD") });
    },
  });
}
export default DatePicker;
