package dev.manta.runtime.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;

/**
 * The JSON of the entries every instance makes ({@code instance-assigned}, {@code -running},
 * {@code -ended}, and {@code result-added} for each result it adds), written with Jackson's streaming
 * generator instead of its object mapper: the same bytes (fields in the records' order, {@code null}
 * written, the mapper's escaping; {@code InstanceLinesTest}), at a fraction of the cost of the
 * mapper's polymorphic bean serializer. One instance per writing thread (not thread-safe).
 */
final class InstanceLines {
  private static final JsonFactory FACTORY = LineCodec.MAPPER.getFactory();
  private final ByteArrayBuilder out = new ByteArrayBuilder(256);

  /** The entry's JSON object, or {@code null} if it is not one of the instance entries. */
  byte[] bytes(JournalEntry entry) {
    if (!(entry instanceof JournalEntry.InstanceAssigned) && !(entry instanceof JournalEntry.InstanceRunning)
        && !(entry instanceof JournalEntry.InstanceEnded) && !(entry instanceof JournalEntry.ResultAdded)) {
      return null;
    }
    out.reset();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      if (entry instanceof JournalEntry.InstanceAssigned a) {
        g.writeStringField("type", "instance-assigned");
        g.writeStringField("id", a.id());
        g.writeNumberField("iteration", a.iteration());
        g.writeStringField("alias", a.alias());
        g.writeStringField("node", a.node());
        g.writeNumberField("attempt", a.attempt());
      } else if (entry instanceof JournalEntry.InstanceRunning r) {
        g.writeStringField("type", "instance-running");
        g.writeStringField("id", r.id());
      } else if (entry instanceof JournalEntry.ResultAdded r) {
        g.writeStringField("type", "result-added");
        g.writeNumberField("iteration", r.iteration());
        g.writeStringField("tag", r.tag());
        g.writeStringField("node", r.node());
        g.writeFieldName("value");
        if (r.value() == null) {
          g.writeNull();
        } else {
          g.writeTree(r.value()); // through the mapper: a raw value's bytes go out as they are
        }
        g.writeStringField("alias", r.alias());
        g.writeStringField("by", r.by());
      } else {
        JournalEntry.InstanceEnded e = (JournalEntry.InstanceEnded) entry;
        g.writeStringField("type", "instance-ended");
        g.writeStringField("id", e.id());
        g.writeStringField("state", e.state() == null ? null : e.state().name());
        g.writeStringField("error", e.error());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new JournalException("cannot write journal entry " + entry + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
