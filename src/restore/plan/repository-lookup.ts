/** What planning asks of the current repository (implemented by ItemQueries). */
export interface RepositoryLookup {
  folderChild(parentId: string | null, name: string): string | undefined;
  sameName(folderId: string | null, types: readonly string[], name: string): { id: string; type: string; version: number } | undefined;
  byPath(path: string, types: readonly string[]): { id: string; type: string } | undefined;
  liveType(id: string): string | undefined;
}
