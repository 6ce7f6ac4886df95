/** The clock is injected so that tests can move time (session expiry, deadlines). */
export type Clock = () => Date;
