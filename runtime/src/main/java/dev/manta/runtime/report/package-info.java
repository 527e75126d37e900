/**
 * What a run reports: {@link dev.manta.runtime.report.RunReport}, its instances and their states,
 * and the {@link dev.manta.runtime.report.ProgressListener} that hears of them as they happen.
 * Plain values below the conductor and the journal, which produce them (packages depend one way).
 */
package dev.manta.runtime.report;
