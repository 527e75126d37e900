package dev.manta;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Resources one task instance reserves on its node. {@code cpu} is a count of cores (fractions
 * allowed, must be {@code > 0}); {@code memory} a Kubernetes-style quantity such as {@code 512Mi},
 * {@code 4Gi} or {@code 1G}.
 */
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Resources {
  double cpu() default 1;

  String memory() default "512Mi";
}
