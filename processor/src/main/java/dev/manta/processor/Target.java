package dev.manta.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where a message goes: an element, and optionally the annotation on it and the value inside that
 * annotation, so the IDE underlines {@code maximum = 0} rather than the whole method.
 */
record Target(Element element, AnnotationMirror mirror, AnnotationValue value) {
  static Target of(Element element) {
    return new Target(element, null, null);
  }
}
