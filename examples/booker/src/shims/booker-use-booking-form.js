// Work-around for @calcom/atoms 2.11.0: booker-platform-wrapper.js calls useBookingForm({event, sessionEmail,
// sessionUsername, sessionName}) but the shipped hook only understands {schemaResolver, initialValues, key} and
// defaults to {responses: null}. Every form-builder field then throws
// "Value null is not valid for type variants for field name". Give it an empty responses object instead
// (pre-filled from /v2/me only if that query is already cached at first render; react-hook-form keeps the
// first defaultValues).
import { useBookingForm as atomsUseBookingForm } from "@atoms-dist/booker/hooks/use-booking-form.js";

export function useBookingForm({ sessionEmail, sessionName, ...rest } = {}) {
  const responses = {};
  if (sessionName) responses.name = sessionName;
  if (sessionEmail) responses.email = sessionEmail;
  return atomsUseBookingForm({ initialValues: { responses, globalError: undefined }, ...rest });
}
export default useBookingForm;
