package dev.manta.runtime.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.manta.graph.RawJson;
import dev.manta.runtime.report.InstanceState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The instance entries' streamed JSON is byte for byte what the object mapper writes. */
class InstanceLinesTest {


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
      assertEquals(expected, new String(InstanceLines.bytes(entry), StandardCharsets.UTF_8), entry.toString());
    }
  }

  @Test
  void resultEntriesAreWrittenAsTheMapperWritesThemWhateverTheValue() throws Exception {
    String odd = "quote \" backslash \\ newline \n control \u0001 é 日本 \uD83D\uDE00 </script>";
    ObjectNode tree = LineCodec.MAPPER.createObjectNode().put("w", 0.1).put("text", odd);
    tree.putArray("a").add(1).add(2.5).addNull();
    List<JsonNode> values = List.of(IntNode.valueOf(1), TextNode.valueOf(odd), tree, NullNode.getInstance(),
        RawJson.node("{\"raw\":[1,2,3]}".getBytes(StandardCharsets.UTF_8)),
        RawJson.snapshot(new double[] {0.1, 1e-300, Double.MAX_VALUE}), RawJson.snapshot(odd), RawJson.snapshot(7L),
        RawJson.of(new byte[] {0, 1, 2, (byte) 255}));
    List<JournalEntry> entries = new ArrayList<>();
    for (JsonNode v : values) {
      entries.add(new JournalEntry.ResultAdded(3, "weights", "node-2", v, "trainers", "3/trainers/node-2"));
    }
    entries.add(new JournalEntry.ResultAdded(1, odd, odd, null, odd, odd));
    entries.add(new JournalEntry.ResultAdded(Integer.MAX_VALUE, "", "", IntNode.valueOf(-1), "", ""));
    for (JournalEntry entry : entries) {
      String expected = new String(LineCodec.MAPPER.writeValueAsBytes(entry), StandardCharsets.UTF_8);
      assertEquals(expected, new String(InstanceLines.bytes(entry), StandardCharsets.UTF_8), entry.toString());
    }
  }

  @Test
  void otherEntriesAreLeftToTheMapper() {
    assertNull(InstanceLines.bytes(new JournalEntry.IterationStarted(1)));
    assertNull(InstanceLines.bytes(new JournalEntry.LogLine("1/a/node-1", "INFO", "x")));
  }
}
