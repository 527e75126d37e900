package dev.manta.runtime.testing;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Resolves {@link SwarmTester} parameters from the nearest {@link SwarmTest}. */
public final class SwarmTestExtension implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SwarmTester.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    SwarmTest settings = find(context.getElement())
        .or(() -> context.getTestClass().flatMap(c -> find(c)))
        .orElseThrow(() -> new ParameterResolutionException(
            "SwarmTester needs @SwarmTest on the test method or class"));
    return new SwarmTester(settings.nodes(), settings.nodesFile(), settings.seed(), settings.parallelism());
  }

  private static Optional<SwarmTest> find(Optional<? extends AnnotatedElement> element) {
    return element.map(e -> e.getAnnotation(SwarmTest.class));
  }

  private static Optional<SwarmTest> find(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      SwarmTest t = c.getAnnotation(SwarmTest.class);
      if (t != null) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
