/**
 * Container images of task modules, built with jib-core (no Dockerfile, no Docker needed to build
 * to a registry), and an offline Java base image made from the installed JDK. Plain types in, plain
 * types out: {@link dev.manta.images.ImageBuilder} builds a {@link dev.manta.images.ModuleImage} or
 * a {@link dev.manta.images.JavaBaseImage} to an {@link dev.manta.images.ImageTarget} and returns a
 * {@link dev.manta.images.BuiltImage}; failures are {@link dev.manta.images.ImageException}s with a
 * {@link dev.manta.images.ImageException.Reason}.
 */
package dev.manta.images;
