/**
 * Brands for the classes users pass between modules. The ESM and CJS builds of a package
 * each define their own classes, so `instanceof` alone fails when a CJS dependency hands
 * a Task, Coroutine or Lock to ESM code (the dual-package hazard). A branded class
 * recognises instances by a `Symbol.for(id)` property, the same in every build; its
 * subclasses keep the ordinary prototype-chain `instanceof`.
 *
 * Returns the type guard (`isTask`, `isCoroutine`, ...).
 */
export function brandClass<C extends abstract new (...args: never[]) => object>(
  cls: C,
  id: string,
): (value: unknown) => value is InstanceType<C> {
  const brand = Symbol.for(id);
  Object.defineProperty(cls.prototype, brand, { value: true });
  const isBranded = (value: unknown): value is InstanceType<C> =>
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[brand] === true;
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: unknown, instance: unknown): boolean {
      return this === cls
        ? isBranded(instance)
        : Function.prototype[Symbol.hasInstance].call(this, instance);
    },
  });
  return isBranded;
}
