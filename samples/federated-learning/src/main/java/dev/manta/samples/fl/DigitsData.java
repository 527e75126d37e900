package dev.manta.samples.fl;

import dev.manta.LocalData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a node's digits dataset, which may be one CSV file or a folder of them. */
final class DigitsData {
  private DigitsData() {}

  static Digits read(LocalData local, String dataset) throws IOException {
    List<Path> files = local.list(dataset);
    if (files.isEmpty()) {
      throw new IOException("dataset '" + dataset + "' at " + local.path(dataset) + " holds no file; "
          + "write it with DigitsPartitioner.writeNodeFolders(...)");
    }
    List<Digits> parts = new ArrayList<>();
    for (Path f : files) {
      parts.add(DigitsCsv.read(f));
    }
    return Digits.concat(parts);
  }
}
