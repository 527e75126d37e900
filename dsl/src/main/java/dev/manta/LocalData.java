package dev.manta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The datasets of the node a task instance runs on: name → file or folder. A dataset may be asked
 * for by its name or, when its file has an extension the name lacks, by its file name: a node
 * folder's {@code cifar10.npz} is dataset {@code cifar10}, and {@code path("cifar10.npz")} finds it too.
 */
public interface LocalData {
  /** The names of this node's datasets, sorted. */
  Set<String> names();

  /**
   * The file or folder of {@code dataset} (its name, or its file name with the extension); throws
   * {@link java.util.NoSuchElementException} if absent.
   */
  Path path(String dataset);

  /** The bytes of a dataset that is a single file. */
  byte[] bytes(String dataset) throws IOException;

  /** The regular files of a dataset, recursively, sorted; a file dataset lists itself. */
  List<Path> list(String dataset) throws IOException;

  /**
   * The lines of a dataset that is a text file, read as UTF-8 (line ends {@code \n}, {@code \r\n} or
   * {@code \r}, none kept).
   *
   * @throws IOException if the dataset is a folder (the message says to use {@link #listing}) or
   *     cannot be read as UTF-8
   */
  default List<String> lines(String dataset) throws IOException {
    Path p = path(dataset);
    if (Files.isDirectory(p)) {
      throw new IOException("dataset '" + dataset + "' is a folder (" + p + "); read its files with listing() or list()");
    }
    return List.copyOf(Files.readAllLines(p, StandardCharsets.UTF_8));
  }

  /**
   * The regular files of a dataset with their sizes, recursively, sorted by name; a file dataset
   * lists itself. Each name is relative to the dataset's folder, with {@code /} between folders.
   */
  default List<Entry> listing(String dataset) throws IOException {
    Path root = path(dataset);
    List<Entry> out = new ArrayList<>();
    for (Path file : list(dataset)) {
      String name = Files.isDirectory(root) ? root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/")
          : file.getFileName().toString();
      out.add(new Entry(name, file, Files.size(file)));
    }
    out.sort(java.util.Comparator.comparing(Entry::name));
    return List.copyOf(out);
  }

  /**
   * One file of a dataset.
   *
   * @param name its path relative to the dataset's folder ({@code "train/part-0.csv"}), or its file
   *     name for a file dataset
   * @param path where it is on this node
   * @param size its size in bytes
   */
  record Entry(String name, Path path, long size) {
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(path, "path");
    }
  }
}
