package dev.manta.runtime.journal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The exclusive lock a run holds on its journal for its whole lifetime: an OS file lock
 * ({@link FileChannel#tryLock}) on {@code <journal>.lock}, which also names the holder (process id,
 * host, since when). The lock file stays after the run (deleting it would let two runs lock two
 * different files); only the lock on it matters, and the OS drops that when the holder dies.
 */
final class JournalLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private JournalLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock file of {@code journal}. */
  static Path fileOf(Path journal) {
    return journal.resolveSibling(journal.getFileName() + ".lock");
  }

  /**
   * Locks {@code journal} for this run.
   *
   * @throws JournalLockedException naming the holder if another run (in any process) holds it
   */
  static JournalLock acquire(Path journal) throws IOException {
    Path file = fileOf(journal);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String holder = holder(channel);
      channel.close();
      throw new JournalLockedException(journal, file, holder);
    }
    String me = "process " + ProcessHandle.current().pid() + " on " + host() + " since " + Instant.now();
    channel.truncate(0);
    // Not forced: the name only informs a second run while this one lives (the OS lock, not the
    // file, is what excludes), and a live holder's write is visible to every process without a
    // force; after a crash the lock is gone whatever the file says. A force here cost every
    // journaled run one synchronous disk flush before it could start.
    channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    return new JournalLock(channel, lock);
  }

  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
      channel.read(buffer, 0);
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "a run that has not written its name yet" : text;
    } catch (IOException e) {
      return "a run whose lock file cannot be read (" + e.getMessage() + ")";
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this host";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
