package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.Messages;
import dev.manta.runtime.transport.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {
  @Test
  void everyTransportMessageRoundTripsThroughJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    List<AgentMessage> messages = List.of(
        new AgentMessage.Claim("1/a/node-1", 42L),
        new AgentMessage.ReadGlobal("1/a/node-1", 42L, "w"),
        new AgentMessage.GlobalNames("1/a/node-1", 42L),
        new AgentMessage.WriteGlobal("1/a/node-1", 42L, "w", f.arrayNode().add(0.5)),
        new AgentMessage.AddResult("1/a/node-1", 42L, "t", f.objectNode().put("k", 1)),
        new AgentMessage.SelectResults("1/a/node-1", 42L, 2, "t"),
        new AgentMessage.Log("1/a/node-1", 42L, "INFO", "hi"),
        new AgentMessage.NextIteration("1/a/node-1", 42L, "a", List.of("node-2")),
        new AgentMessage.Stop("1/a/node-1", 42L),
        new AgentMessage.Ended("1/a/node-1", 42L, false, "boom"));
    for (AgentMessage m : messages) {
      String json = Messages.toJson(m);
      assertEquals(m, Messages.fromJson(json, AgentMessage.class), json);
    }
    Assignment a = new Assignment("1/a/node-1", "s", 1, "a", "mod", "x.A", "node-1", 1, 7L << 32 | 3, 60_000);
    assertEquals(a, Messages.fromJson(Messages.toJson(a), Assignment.class));
    Reply r = Reply.of(f.booleanNode(true));
    assertEquals(r, Messages.fromJson(Messages.toJson(r), Reply.class));
    assertEquals(Reply.refused("no"), Messages.fromJson(Messages.toJson(Reply.refused("no")), Reply.class));
  }

  @Test
  void aRunWithEveryMessageSentAsJsonGivesTheSameReport() {
    SwarmGraph g = Swarms.define("json", s -> {
      s.setGlobal("base", 5);
      var a = s.task(A.class, t -> t.alias("a").method(Method.ALL));
      var b = s.task(B.class, t -> t.alias("b").method(Method.ANY));
      s.flow(b.after(a));
    });
    TaskBody a = ctx -> {
      ctx.results().add("v", new double[] {ctx.globals().get("base", Integer.class), 1.5});
      ctx.log().info("on %s", ctx.world().nodeId());
    };
    TaskBody b = ctx -> {
      ctx.globals().set("count", ctx.results().select("v", double[].class).size());
      ctx.globals().set("unset", ctx.globals().contains("nothing"));
    };
    RunReport direct = LocalRun.builder(g).nodes(3).task(A.class, () -> a).task(B.class, () -> b).build().run()
        .requireCompleted();
    RunReport json = LocalRun.builder(g).nodes(3).jsonMessages(true).task(A.class, () -> a).task(B.class, () -> b)
        .build().run().requireCompleted();
    assertEquals(direct.globals(), json.globals());
    assertEquals(direct.results(), json.results());
    assertEquals(direct.instances(), json.instances());
    assertEquals(3, json.global("count", Integer.class));
  }
}
