// Resource handles and resource types, and the JS objects that stand for resources on the host
// side. Spec: component-model design/mvp/CanonicalABI.md §"Resource State" (definitions.py
// `ResourceHandle`, `ResourceType`) and §"canon resource.drop" (how a destructor is called).
//
// JS conventions (jco 1.35's glue, read and run):
// - A resource defined by a component (`impl` set) appears in JS as instances of a class: the
//   runtime builds it (constructor, methods, statics from the lifted functions) and stores it in
//   `jsClass`. Lifting `own<R>` to JS yields a fresh instance (Object.create(jsClass.prototype))
//   holding the rep; it has a `[Symbol.dispose]()` method (Symbol.for('dispose') when the host has
//   no Symbol.dispose) that calls the destructor, and like jco a FinalizationRegistry drops it if
//   it is garbage-collected while still owned. Passing it back as `own<R>` consumes it (later use
//   is a TypeError 'Resource error: Not a valid "R" resource.', jco's message); as `borrow<R>` it
//   stays usable. A `borrow<R>` lifted for a host import is an instance valid during that call.
// - A resource defined by the host (no `impl`) is represented by the host's own objects (checked
//   with `instanceof jsClass` when the runtime sets jsClass to the imported class). Lowering one
//   as `own` gives the guest a handle whose rep is a fresh number mapped to the object in this
//   ResourceType's table; lifting that handle back returns the very same object. When the guest
//   drops an owned handle of a host resource, the object's `[Symbol.dispose]()` is called if it
//   has one (jco does the same).

import type { CoreCallable, CoreValue } from './options.js';
import { ComponentInstance } from './instance.js';
import { toUpperCamelCase } from './names.js';
import { setCurrentThread } from './thread.js';
import { isTrap } from './trap.js';

/** definitions.py `ResourceHandle`: an element of a `handles` table. */
export class ResourceHandle {
  readonly kind = 'resource';
  numLends = 0;
  constructor(
    readonly rt: ResourceType,
    readonly rep: CoreValue,
    readonly own: boolean,
    /** The Task that lowered this borrowed handle (undefined for own handles and same-instance borrows). */
    readonly borrowScope?: { numBorrows: number } | undefined,
  ) {}
}

export const symbolDispose: symbol =
  ((Symbol as unknown as { dispose?: symbol }).dispose) ?? Symbol.for('dispose');

type AnyClass = abstract new (...args: never[]) => object;

/** definitions.py `ResourceType`: one runtime resource type (identity matters, not structure). */
export class ResourceType {
  /** The JS class of this resource's objects (see above); set by the runtime. */
  jsClass: AnyClass | undefined;
  private hostObjects: Map<number, object> | undefined;
  private nextHostRep = 1;
  private fallbackClass: AnyClass | undefined;

  constructor(
    /** The resource's name (kebab-case, e.g. "output-stream"), for messages and class names. */
    readonly name: string,
    /** The defining component instance; undefined for a resource implemented by the host. */
    readonly impl: ComponentInstance | undefined,
    /** The destructor (called with the rep), if the definition has one. */
    readonly dtor?: CoreCallable | undefined,
    /** 🐘 the rep's core type. */
    readonly repType: 'i32' | 'i64' = 'i32',
  ) {}

  /** The class name jco would give it (for messages). */
  get className(): string {
    return this.jsClass?.name || toUpperCamelCase(this.name);
  }

  /** Describes this type in trap messages. */
  describe(): string {
    return `${this.impl === undefined ? 'host' : 'guest'}-defined resource \`${this.name}\``;
  }

  /** The prototype of wrapper objects of a guest-defined resource. */
  wrapperPrototype(): object {
    if (this.jsClass !== undefined) return this.jsClass.prototype as object;
    if (this.fallbackClass === undefined) {
      const name = this.className;
      this.fallbackClass = { [name]: class {} }[name]!;
    }
    return this.fallbackClass.prototype as object;
  }

  /** Gives a host object a fresh rep (one per lowering, like jco's capture table). */
  registerHostObject(obj: object): number {
    const rep = this.nextHostRep++;
    (this.hostObjects ??= new Map()).set(rep, obj);
    return rep;
  }

  /** The host object of `rep` (undefined if none). */
  hostObject(rep: number): object | undefined {
    return this.hostObjects?.get(rep);
  }

  /** Removes and returns the host object of `rep`. */
  takeHostObject(rep: number): object | undefined {
    const obj = this.hostObjects?.get(rep);
    if (obj !== undefined) this.hostObjects!.delete(rep);
    return obj;
  }

  forgetHostRep(rep: number): void {
    this.hostObjects?.delete(rep);
  }

  /**
   * Ends the resource `rep` on behalf of `caller` (undefined: the host), as `canon resource.drop`
   * does for an owned handle: a component's destructor runs inside its instance (with the
   * reentrance check of `Store.lift`); a host object's `[Symbol.dispose]()` is called.
   */
  destroy(rep: CoreValue, caller: ComponentInstance | undefined): void {
    if (this.impl === undefined) {
      const obj = this.takeHostObject(Number(rep));
      const dispose = obj !== undefined ? (obj as Record<symbol, unknown>)[symbolDispose] : undefined;
      if (typeof dispose === 'function') (dispose as () => void).call(obj);
      return;
    }
    // Store.lift's reentrance guard applies even without a destructor (definitions.py uses
    // `rt.dtor or (lambda rep: [])`).
    const entered = this.impl.enterFrom(caller);
    // the destructor runs in a task of its own (see thread.ts)
    const prev = setCurrentThread(null);
    try {
      this.dtor?.([rep]);
    } catch (e) {
      setCurrentThread(prev);
      if (!isTrap(e)) ComponentInstance.leave(entered);
      throw e;
    }
    setCurrentThread(prev);
    ComponentInstance.leave(entered);
  }
}
