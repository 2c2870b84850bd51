/** pi(), trigonometric functions and angle conversion (sin-function.md and siblings): IEEE double results, as .NET's Math. */
import { registerScalar, scalar } from '../registry.js';

registerScalar(
  scalar('pi(): real', function pi() { return Math.PI; }),
  scalar('sin(number: real): real', function sin(number: number) { return Math.sin(number); }),
  scalar('cos(number: real): real', function cos(number: number) { return Math.cos(number); }),
  scalar('tan(number: real): real', function tan(number: number) { return Math.tan(number); }),
  scalar('cot(number: real): real', function cot(number: number) { return 1 / Math.tan(number); }),
  scalar('asin(number: real): real', function asin(number: number) { return Math.asin(number); }),
  scalar('acos(number: real): real', function acos(number: number) { return Math.acos(number); }),
  scalar('atan(number: real): real', function atan(number: number) { return Math.atan(number); }),
  scalar('atan2(y: real, x: real): real', function atan2(y: number, x: number) { return Math.atan2(y, x); }),
  scalar('degrees(radians: real): real', function degrees(radians: number) { return (radians * 180) / Math.PI; }),
  scalar('radians(degrees: real): real', function radians(degrees: number) { return (degrees * Math.PI) / 180; }),
);
