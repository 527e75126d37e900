package dev.manta.samples.networked;

import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.TypeRef;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The back end: totals the orders in global {@code orders} per item and publishes them as result {@code totals}. */
@Task(method = Method.ANY, network = "backend")
public final class Backend implements TaskBody {
  public static final String ORDERS = "orders";
  public static final String TOTALS = "totals";
  /** The orders the swarm starts with unless launched with others. */
  public static final List<Order> SAMPLE_ORDERS =
      List.of(new Order("lamp", 2), new Order("kettle", 1), new Order("lamp", 3), new Order("rope", 10));

  @Override
  public void run(TaskContext ctx) {
    List<Order> orders = ctx.globals().get(ORDERS, new TypeRef<List<Order>>() {});
    Map<String, Integer> totals = totals(orders);
    ctx.results().add(TOTALS, totals);
    ctx.log().info("totalled %d orders into %d items", orders.size(), totals.size());
  }

  /** Quantity per item, sorted by item. */
  public static Map<String, Integer> totals(List<Order> orders) {
    Map<String, Integer> totals = new TreeMap<>();
    orders.forEach(o -> totals.merge(o.item(), o.quantity(), Integer::sum));
    return totals;
  }
}
