import React, { useState } from "react";
import { createRoot } from "react-dom/client";
import { Booker, CalProvider, useBookings, useCancelBooking } from "@calcom/atoms";
import "@calcom/atoms/globals.min.css";

import { ACCESS_TOKEN, API_URL, CLIENT_ID, EVENT_SLUG, USERNAME } from "./config.js";

// The signed-in managed user's upcoming bookings (useBookings asks with cal-api-version 2024-08-13), each
// with a cancel (useCancelBooking: the 2024-04-15 controller) and a reschedule (the Booker below, given
// the booking's uid).
function Bookings({ onReschedule }) {
  const { data, isLoading, error, refetch } = useBookings({ status: ["upcoming"], take: 50 });
  const { mutate: cancel } = useCancelBooking({ onSuccess: () => refetch() });
  if (isLoading) return <p>Loading bookings…</p>;
  if (error) return <p role="alert">Could not load bookings: {String(error.message)}</p>;
  const bookings = data ?? [];
  return (
    <section aria-label="bookings">
      <h2>Upcoming bookings ({bookings.length})</h2>
      <button type="button" onClick={() => refetch()} data-testid="refresh-bookings">
        Refresh
      </button>
      <ul>
        {bookings.map((booking) => (
          <li key={booking.uid} data-testid="booking" data-uid={booking.uid} data-start={booking.start}>
            <strong>{booking.title}</strong> <time dateTime={booking.start}>{booking.start}</time>{" "}
            <button type="button" data-testid="reschedule" onClick={() => onReschedule(booking.uid)}>
              Reschedule
            </button>{" "}
            <button
              type="button"
              data-testid="cancel"
              onClick={() => cancel({ uid: booking.uid, cancellationReason: "Cancelled from the example" })}>
              Cancel
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

class ErrorBoundary extends React.Component {
  constructor(props) {
    super(props);
    this.state = { error: null };
  }
  static getDerivedStateFromError(error) {
    return { error };
  }
  render() {
    return this.state.error ? <pre role="alert">{String(this.state.error)}</pre> : this.props.children;
  }
}

function App() {
  const [rescheduleUid, setRescheduleUid] = useState(null);
  const [booked, setBooked] = useState(null);
  const [version, setVersion] = useState(0); // re-mounts the list after a booking
  return (
    <CalProvider
      clientId={CLIENT_ID}
      accessToken={ACCESS_TOKEN}
      options={{ apiUrl: API_URL, readingDirection: "ltr" }}
      autoUpdateTimezone={true}
      language="en">
      <main>
        <h1>Booker against calcom-mock</h1>
        {rescheduleUid ? (
          <p data-testid="rescheduling">
            Rescheduling {rescheduleUid}{" "}
            <button type="button" onClick={() => setRescheduleUid(null)}>
              Stop
            </button>
          </p>
        ) : null}
        {booked ? (
          <p data-testid="booked" data-uid={booked.uid}>
            Booked {booked.title} at {booked.startTime} (uid {booked.uid})
          </p>
        ) : null}
        <ErrorBoundary>
          <Booker
            key={rescheduleUid ?? "new"}
            username={USERNAME}
            eventSlug={EVENT_SLUG}
            rescheduleUid={rescheduleUid ?? undefined}
            onCreateBookingSuccess={(response) => {
              setBooked(response.data);
              setRescheduleUid(null);
              setVersion((v) => v + 1);
            }}
          />
        </ErrorBoundary>
        <Bookings key={version} onReschedule={setRescheduleUid} />
      </main>
    </CalProvider>
  );
}

createRoot(document.getElementById("root")).render(<App />);
