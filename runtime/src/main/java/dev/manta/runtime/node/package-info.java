/** Nodes of local runs: identical nodes by count, or a JSON/YAML nodes file. */
package dev.manta.runtime.node;
