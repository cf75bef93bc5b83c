export { brandErrorClass, CancelledError, InvalidStateError, RuntimeError, TimeoutError } from "./errors.js";
