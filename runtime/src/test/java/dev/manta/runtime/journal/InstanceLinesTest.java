package dev.manta.runtime.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.manta.runtime.report.InstanceState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The instance entries' streamed JSON is byte for byte what the object mapper writes. */
class InstanceLinesTest {
  private final InstanceLines lines = new InstanceLines();

  @Test
  void instanceEntriesAreWrittenAsTheMapperWritesThem() throws Exception {
    String odd = "quote \" backslash \\ tab \t newline \n control \u0001 é 日本 emoji \uD83D\uDE00 </script>";
    List<JournalEntry> entries = List.of(
        new JournalEntry.InstanceAssigned("1/work/node-1", 1, "work", "node-1", 1),
        new JournalEntry.InstanceAssigned("123/a-b/node-99999", 123, "a-b", "node-99999", 7),
        new JournalEntry.InstanceAssigned(odd, -1, odd, odd, Integer.MAX_VALUE),
        new JournalEntry.InstanceRunning("2/map/node-3"),
        new JournalEntry.InstanceRunning(odd),
        new JournalEntry.InstanceEnded("1/work/node-1", InstanceState.SUCCEEDED, null),
        new JournalEntry.InstanceEnded("1/work/node-1", InstanceState.FAILED, odd),
        new JournalEntry.InstanceEnded("1/work/node-2", InstanceState.LOST, ""));
    for (JournalEntry entry : entries) {
      String expected = new String(LineCodec.MAPPER.writeValueAsBytes(entry), StandardCharsets.UTF_8); // as LineCodec wrote it
      assertEquals(expected, new String(lines.bytes(entry), StandardCharsets.UTF_8), entry.toString());
    }
  }

  @Test
  void otherEntriesAreLeftToTheMapper() {
    assertNull(lines.bytes(new JournalEntry.IterationStarted(1)));
    assertNull(lines.bytes(new JournalEntry.LogLine("1/a/node-1", "INFO", "x")));
  }
}
