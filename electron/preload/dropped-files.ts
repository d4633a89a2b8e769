// Turns files dropped on the page into local paths. Electron removed `File.path`; its
// `webUtils.getPathForFile` returns the path in the preload. Folders come through as entries
// of the same list, and main walks them.
export interface WebUtilsLike {
  getPathForFile(file: File): string;
}

/** Returns the path of each dropped file or folder, leaving out entries without one. */
export function pathsOfDroppedFiles(webUtils: WebUtilsLike, files: ArrayLike<File>): string[] {
  const paths: string[] = [];
  for (let index = 0; index < files.length; index += 1) {
    // An empty path means content that is not on disk, such as text dragged from another app.
    const path = webUtils.getPathForFile(files[index]!);
    if (path) paths.push(path);
  }
  return paths;
}
