package dev.manta.processor;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides from a {@link TypeMirror} whether Jackson can write a value of that type as JSON:
 * primitives, boxes, strings, enums, big numbers, Jackson trees, arrays, collections, maps with
 * {@code String} keys, and records of those, recursively.
 */
final class JsonTypes {
  /** The verdict on one type. */
  sealed interface Verdict {}

  /** Writable. */
  record Writable() implements Verdict {}

  /** A type javac could not resolve (yet): decide in a later round. */
  record Unresolved() implements Verdict {}

  /** Not writable, and why. */
  record NotWritable(String reason) implements Verdict {}

  private static final Set<String> SCALARS = Set.of(
      "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
      "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Character",
      "java.math.BigDecimal", "java.math.BigInteger");

  private final Types types;
  private final TypeMirror collection;
  private final TypeMirror map;
  private final TypeMirror jsonNode;

  JsonTypes(Elements elements, Types types) {
    this.types = types;
    this.collection = erasureOf(elements, "java.util.Collection");
    this.map = erasureOf(elements, "java.util.Map");
    this.jsonNode = erasureOf(elements, "com.fasterxml.jackson.databind.JsonNode");
  }

  private TypeMirror erasureOf(Elements elements, String name) {
    TypeElement e = elements.getTypeElement(name);
    return e == null ? null : types.erasure(e.asType());
  }

  Verdict check(TypeMirror type) {
    return check(type, new HashSet<>());
  }

  private Verdict check(TypeMirror type, Set<String> records) {
    TypeKind kind = type.getKind();
    if (kind.isPrimitive()) {
      return new Writable();
    }
    switch (kind) {
      case ERROR:
        return new Unresolved();
      case ARRAY:
        return check(((ArrayType) type).getComponentType(), records);
      case WILDCARD: {
        TypeMirror bound = ((WildcardType) type).getExtendsBound();
        return bound == null ? new NotWritable("the wildcard '?' has no element type; name the type")
            : check(bound, records);
      }
      case DECLARED:
        return checkDeclared((DeclaredType) type, records);
      default:
        return new NotWritable(type + " has no JSON form");
    }
  }

  private Verdict checkDeclared(DeclaredType type, Set<String> records) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    if (SCALARS.contains(name) || element.getKind() == ElementKind.ENUM) {
      return new Writable();
    }
    TypeMirror erasure = types.erasure(type);
    if (jsonNode != null && types.isAssignable(erasure, jsonNode)) {
      return new Writable();
    }
    List<? extends TypeMirror> args = type.getTypeArguments();
    if (map != null && types.isAssignable(erasure, map)) {
      if (args.size() != 2) {
        return new NotWritable(name + " does not name its key and value types; declare it as Map<String, V>");
      }
      TypeMirror key = args.get(0);
      if (key.getKind() == TypeKind.ERROR) {
        return new Unresolved();
      }
      if (!(key instanceof DeclaredType k
          && ((TypeElement) k.asElement()).getQualifiedName().contentEquals("java.lang.String"))) {
        return new NotWritable("map keys of type " + key + " are not JSON object keys; use String keys");
      }
      return check(args.get(1), records);
    }
    if (collection != null && types.isAssignable(erasure, collection)) {
      if (args.size() != 1) {
        return new NotWritable(name + " does not name its element type; declare it as List<E> or Set<E>");
      }
      return check(args.get(0), records);
    }
    if (element.getKind() == ElementKind.RECORD) {
      if (!records.add(name)) {
        return new Writable();
      }
      for (RecordComponentElement component : element.getRecordComponents()) {
        TypeMirror componentType = types.asMemberOf(type, component.getAccessor()) instanceof
            javax.lang.model.type.ExecutableType accessor ? accessor.getReturnType() : component.asType();
        Verdict v = check(componentType, records);
        if (v instanceof NotWritable n) {
          return new NotWritable("record component " + name + "." + component.getSimpleName() + ": " + n.reason());
        }
        if (v instanceof Unresolved) {
          return v;
        }
      }
      return new Writable();
    }
    return new NotWritable(name + " is not a JSON value type");
  }
}
