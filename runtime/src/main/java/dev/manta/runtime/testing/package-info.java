/** JUnit 5 support: {@link dev.manta.runtime.testing.SwarmTest} and {@link dev.manta.runtime.testing.SwarmTester}. */
package dev.manta.runtime.testing;
