package dev.manta.processor;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The class file of a module's launcher (see {@link LauncherGenerator}), built by hand: the
 * launcher is always the same two methods, so a few dozen constants and 14 bytes of code describe
 * it completely. Class file version 52 (Java 8), which every JVM the runtime supports loads, and
 * which needs no stack map for straight-line code.
 */
final class LauncherClass {
  private static final int VERSION = 52;
  private static final int ACC_PUBLIC = 0x0001;
  private static final int ACC_PRIVATE = 0x0002;
  private static final int ACC_STATIC = 0x0008;
  private static final int ACC_FINAL = 0x0010;
  private static final int ACC_SUPER = 0x0020;
  private static final int REF_INVOKE_STATIC = 6;
  private static final int REF_NEW_INVOKE_SPECIAL = 8;
  private static final String LAUNCH_DESCRIPTOR =
      "(Ljava/lang/String;[Ljava/lang/String;Ljava/util/function/Supplier;)V";
  private static final String METAFACTORY_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
      + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
      + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;";

  private LauncherClass() {}

  /**
   * The launcher's class file.
   *
   * @param launcher the launcher's binary name ({@code com.acme.Trainer_MantaLauncher})
   * @param taskClass the task class's binary name ({@code com.acme.Trainer}, {@code com.acme.Outer$Step})
   */
  static byte[] bytes(String launcher, String taskClass) {
    String task = taskClass.replace('.', '/');
    Pool pool = new Pool();
    int thisClass = pool.classRef(launcher.replace('.', '/'));
    int object = pool.classRef("java/lang/Object");
    int objectInit = pool.methodRef(object, "<init>", "()V");
    int moduleName = pool.string(taskClass);
    int launch = pool.methodRef(pool.classRef("dev/manta/spi/Launchers"), "launch", LAUNCH_DESCRIPTOR);
    int metafactory = pool.methodHandle(REF_INVOKE_STATIC,
        pool.methodRef(pool.classRef("java/lang/invoke/LambdaMetafactory"), "metafactory", METAFACTORY_DESCRIPTOR));
    int erasedGet = pool.methodType("()Ljava/lang/Object;");
    int constructor = pool.methodHandle(REF_NEW_INVOKE_SPECIAL, pool.methodRef(pool.classRef(task), "<init>", "()V"));
    int typedGet = pool.methodType("()L" + task + ";");
    int factory = pool.invokeDynamic(0, "get", "()Ljava/util/function/Supplier;");
    int code = pool.utf8("Code");
    int bootstrapMethods = pool.utf8("BootstrapMethods");
    int init = pool.utf8("<init>");
    int initDescriptor = pool.utf8("()V");
    int main = pool.utf8("main");
    int mainDescriptor = pool.utf8("([Ljava/lang/String;)V");

    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeInt(0xCAFEBABE);
      out.writeShort(0);
      out.writeShort(VERSION);
      pool.writeTo(out);
      out.writeShort(ACC_PUBLIC | ACC_FINAL | ACC_SUPER);
      out.writeShort(thisClass);
      out.writeShort(object);
      out.writeShort(0); // interfaces
      out.writeShort(0); // fields
      out.writeShort(2); // methods
      // private <init>() { super(); }
      method(out, ACC_PRIVATE, init, initDescriptor, code, 1, 1, new byte[] {
          0x2a, // aload_0
          (byte) 0xb7, hi(objectInit), lo(objectInit), // invokespecial Object.<init>
          (byte) 0xb1}); // return
      // public static main(String[] args) { Launchers.launch("<task>", args, Task::new); }
      method(out, ACC_PUBLIC | ACC_STATIC, main, mainDescriptor, code, 3, 1, new byte[] {
          0x13, hi(moduleName), lo(moduleName), // ldc_w "<task>"
          0x2a, // aload_0
          (byte) 0xba, hi(factory), lo(factory), 0, 0, // invokedynamic get()Supplier
          (byte) 0xb8, hi(launch), lo(launch), // invokestatic Launchers.launch
          (byte) 0xb1}); // return
      out.writeShort(1); // class attributes: BootstrapMethods
      out.writeShort(bootstrapMethods);
      out.writeInt(2 + 2 + 2 + 3 * 2);
      out.writeShort(1);
      out.writeShort(metafactory);
      out.writeShort(3);
      out.writeShort(erasedGet);
      out.writeShort(constructor);
      out.writeShort(typedGet);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return buffer.toByteArray();
  }

  private static void method(DataOutputStream out, int access, int name, int descriptor, int codeAttribute,
      int maxStack, int maxLocals, byte[] code) throws IOException {
    out.writeShort(access);
    out.writeShort(name);
    out.writeShort(descriptor);
    out.writeShort(1); // attributes: Code
    out.writeShort(codeAttribute);
    out.writeInt(2 + 2 + 4 + code.length + 2 + 2);
    out.writeShort(maxStack);
    out.writeShort(maxLocals);
    out.writeInt(code.length);
    out.write(code);
    out.writeShort(0); // exception table
    out.writeShort(0); // attributes
  }

  private static byte hi(int index) {
    return (byte) (index >>> 8);
  }

  private static byte lo(int index) {
    return (byte) index;
  }

  /** A constant pool: each constant written once, in the order first asked for. */
  private static final class Pool {
    private static final int UTF8 = 1;
    private static final int CLASS = 7;
    private static final int STRING = 8;
    private static final int METHOD_REF = 10;
    private static final int NAME_AND_TYPE = 12;
    private static final int METHOD_HANDLE = 15;
    private static final int METHOD_TYPE = 16;
    private static final int INVOKE_DYNAMIC = 18;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    private final DataOutputStream out = new DataOutputStream(bytes);
    private final Map<String, Integer> indexes = new HashMap<>();
    private int count;

    int utf8(String value) {
      return constant("u" + value, () -> {
        out.writeByte(UTF8);
        out.writeUTF(value); // modified UTF-8, as class files want
      });
    }

    int classRef(String internalName) {
      int name = utf8(internalName);
      return constant("c" + internalName, () -> {
        out.writeByte(CLASS);
        out.writeShort(name);
      });
    }

    int string(String value) {
      int utf = utf8(value);
      return constant("s" + value, () -> {
        out.writeByte(STRING);
        out.writeShort(utf);
      });
    }

    int nameAndType(String name, String descriptor) {
      int n = utf8(name);
      int d = utf8(descriptor);
      return constant("n" + name + ' ' + descriptor, () -> {
        out.writeByte(NAME_AND_TYPE);
        out.writeShort(n);
        out.writeShort(d);
      });
    }

    int methodRef(int owner, String name, String descriptor) {
      int nat = nameAndType(name, descriptor);
      return constant("m" + owner + ' ' + nat, () -> {
        out.writeByte(METHOD_REF);
        out.writeShort(owner);
        out.writeShort(nat);
      });
    }

    int methodHandle(int kind, int reference) {
      return constant("h" + kind + ' ' + reference, () -> {
        out.writeByte(METHOD_HANDLE);
        out.writeByte(kind);
        out.writeShort(reference);
      });
    }

    int methodType(String descriptor) {
      int d = utf8(descriptor);
      return constant("t" + descriptor, () -> {
        out.writeByte(METHOD_TYPE);
        out.writeShort(d);
      });
    }

    int invokeDynamic(int bootstrapMethod, String name, String descriptor) {
      int nat = nameAndType(name, descriptor);
      return constant("i" + bootstrapMethod + ' ' + nat, () -> {
        out.writeByte(INVOKE_DYNAMIC);
        out.writeShort(bootstrapMethod);
        out.writeShort(nat);
      });
    }

    void writeTo(DataOutputStream target) throws IOException {
      out.flush();
      target.writeShort(count + 1);
      bytes.writeTo(target);
    }

    private interface Entry {
      void write() throws IOException;
    }

    private int constant(String key, Entry entry) {
      Integer known = indexes.get(key);
      if (known != null) {
        return known;
      }
      try {
        entry.write();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
      }
      indexes.put(key, ++count);
      return count;
    }
  }
}
