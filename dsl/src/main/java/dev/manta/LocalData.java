package dev.manta;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The datasets of the node a task instance runs on: name → file or folder. */
public interface LocalData {
  /** The names of this node's datasets, sorted. */
  Set<String> names();

  /** The file or folder of {@code dataset}; throws {@link java.util.NoSuchElementException} if absent. */
  Path path(String dataset);

  /** The bytes of a dataset that is a single file. */
  byte[] bytes(String dataset) throws IOException;

  /** The regular files of a dataset, recursively, sorted; a file dataset lists itself. */
  List<Path> list(String dataset) throws IOException;
}
