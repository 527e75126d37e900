package dev.manta.processor;

import dev.manta.validation.ProblemCode;

/**
 * One problem found at compile time, with its place in the source.
 *
 * @param code the stable code
 * @param message what is wrong and what to do, without the code tag
 * @param target where to report it
 * @param key equal for findings that are the same problem (the copies of one task method)
 */
record Finding(ProblemCode code, String message, Target target, String key) {
  Finding(ProblemCode code, String message, Target target) {
    this(code, message, target, message);
  }

  boolean isError() {
    return code.severity() == dev.manta.validation.Severity.ERROR;
  }

  String format() {
    return "[" + code.tag() + "] " + message;
  }
}
