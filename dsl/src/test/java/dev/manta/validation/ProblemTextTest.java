package dev.manta.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manta.validation.Location.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A problem printed whole (logs, exception messages): its tagged line, then where it is. */
class ProblemTextTest {

  @Test
  void toStringIsTheTaggedLineAndTheLocation() {
    Problem p = new Problem(ProblemCode.MAXIMUM, "maximum of task 'w' is 0; use -1 for no cap",
        new Location(Kind.TASK, "w", "maximum"), List.of());
    assertEquals("[Manta/Maximum] maximum of task 'w' is 0; use -1 for no cap (task 'w', maximum)",
        p.toString());
  }
}
