package dev.manta.graph;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * The one Jackson configuration Manta writes JSON values with: deterministic at any depth. Map keys
 * are sorted, and a {@link Set} (whose iteration order may change from one JVM run to the next) is
 * written as an array sorted by its elements' natural order when they are all {@link Comparable}
 * values of one class, else by their JSON text; a {@link SortedSet} keeps its own order.
 */
public final class Json {
  private static final ObjectMapper MAPPER = builder().build();

  private Json() {}

  /**
   * A fresh builder with Manta's settings: sorted map keys, sets in a fixed order, and Jackson's
   * fast double parsing and writing (a {@code double[]} of model weights is most of what a
   * federated run moves; the fast writer gives the shortest text that reads back to the same
   * double). The manifest codec adds its strict reading on top; everything else uses {@link #mapper()}.
   */
  public static JsonMapper.Builder builder() {
    // No bound on a string's length beyond the callers' own (a result's maxResultBytes, the HTTP
    // transport's body limit): Jackson's default of 20,000,000 characters would refuse to read back
    // a result the engine accepted and journaled.
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
        .build();
    return JsonMapper.builder(factory)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
        .addModule(new SimpleModule("manta-sorted-sets").addSerializer(new SetSerializer()));
  }

  /** A shared, thread-safe mapper; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * {@code value} as a JSON tree.
   *
   * @throws IllegalArgumentException with Jackson's reason when it cannot be written as JSON
   */
  public static JsonNode toTree(Object value) {
    try {
      return MAPPER.valueToTree(value);
    } catch (IllegalArgumentException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalArgumentException(firstLine(cause.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "not writable as JSON";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    // Jackson's advice to switch off its own check is no advice for a Manta user.
    return line.replaceAll("\\s*\\(to avoid exception, disable [^)]*\\)", "");
  }

  /** Writes a set as an array in a fixed order, see {@link Json}. */
  private static final class SetSerializer extends StdSerializer<Set<?>> {
    @SuppressWarnings({"unchecked", "rawtypes"})
    SetSerializer() {
      super((Class<Set<?>>) (Class) Set.class);
    }

    @Override
    public void serialize(Set<?> set, JsonGenerator gen, SerializerProvider provider) throws IOException {
      List<?> elements = set instanceof SortedSet ? new ArrayList<>(set) : sorted(set);
      gen.writeStartArray(set, elements.size());
      for (Object element : elements) {
        provider.defaultSerializeValue(element, gen);
      }
      gen.writeEndArray();
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, Set<?> set) {
      return set.isEmpty();
    }

    /**
     * Natural order when every element is a {@code Comparable} of one class, with the JSON text
     * breaking ties (such as {@code 1.0} and {@code 1.00}); else the JSON text alone.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<?> sorted(Set<?> set) throws IOException {
      Map<Object, String> text = new LinkedHashMap<>();
      for (Object element : set) {
        text.put(element, MAPPER.writeValueAsString(element));
      }
      Comparator<Object> byText = Comparator.comparing(text::get);
      Comparator<Object> order = byText;
      Object any = set.isEmpty() ? null : set.iterator().next();
      Class<?> type = any == null ? null : any.getClass();
      if (type != null && Comparable.class.isAssignableFrom(type)
          && set.stream().allMatch(e -> e != null && e.getClass() == type)) {
        order = ((Comparator<Object>) (a, b) -> ((Comparable) a).compareTo(b)).thenComparing(byText);
      }
      List<Object> out = new ArrayList<>(set);
      out.sort(order);
      return out;
    }
  }
}
