package dev.manta.validation;

/** How bad a {@link Problem} is: errors stop a build or launch, warnings do not. */
public enum Severity {
  ERROR,
  WARNING
}
