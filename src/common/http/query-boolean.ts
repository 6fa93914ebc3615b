/** For `@Transform`: a query string's "true" and "false" as booleans (anything else as given, for the validator to refuse). */
export const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
