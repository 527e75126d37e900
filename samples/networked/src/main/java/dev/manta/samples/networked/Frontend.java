package dev.manta.samples.networked;

import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.util.Map;

/** The front end: renders the back end's totals as a text page in global {@code page}. */
@Task(method = Method.ANY, network = "frontend")
public final class Frontend implements TaskBody {
  public static final String PAGE = "page";

  @Override
  public void run(TaskContext ctx) {
    @SuppressWarnings("rawtypes")
    Map<String, Map> fromBackend = ctx.results().select(Backend.TOTALS, Map.class);
    if (fromBackend.isEmpty()) {
      throw new IllegalStateException("the backend published no totals this iteration; check its log");
    }
    Map<?, ?> totals = fromBackend.values().iterator().next();
    StringBuilder page = new StringBuilder("Order totals\n");
    totals.forEach((item, qty) -> page.append(String.format(java.util.Locale.ROOT, "  %-12s %5s\n", item, qty)));
    ctx.globals().set(PAGE, page.toString());
    ctx.log().info("rendered %d items", totals.size());
  }
}
