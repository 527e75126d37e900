/** Running swarms: {@link dev.manta.runtime.LocalRun}, {@link dev.manta.runtime.report.RunReport}, {@link dev.manta.runtime.SwarmCatalog}. See docs/runtime.md. */
package dev.manta.runtime;

