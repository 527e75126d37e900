package dev.manta.dsl;

import java.util.List;

/** The end of a swarm's flow: the tasks it ends in. A {@link TaskNode} is a flow of itself. */
public interface Flow {
  List<TaskNode> sinks();

  /** A flow that ends in several tasks. */
  static Flow of(TaskNode... sinks) {
    List<TaskNode> list = List.of(sinks);
    return () -> list;
  }

  static Flow of(List<? extends TaskNode> sinks) {
    List<TaskNode> list = List.copyOf(sinks);
    return () -> list;
  }
}
