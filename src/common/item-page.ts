/**
 * Items (or item events) held in memory at a time where whole items are paged: their content, or
 * a backup's body of them. Small, because items vary in size: rules and actions are a few
 * kilobytes, but a real data store can be a few hundred, so a page of five hundred data stores
 * would be well over a hundred megabytes once parsed.
 */
export const ITEM_PAGE = 100;
