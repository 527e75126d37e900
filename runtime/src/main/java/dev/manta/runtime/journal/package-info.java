/** The append-only JSON-lines journal that makes a run resumable. */
package dev.manta.runtime.journal;
