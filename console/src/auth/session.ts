/** The bearer token lives in session storage: gone when the tab closes, never in a cookie. */
const KEY = 'strata.token';

export const getToken = (): string | null => sessionStorage.getItem(KEY);
export const setToken = (token: string) => sessionStorage.setItem(KEY, token);
export const clearToken = () => sessionStorage.removeItem(KEY);
