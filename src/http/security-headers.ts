/**
 * Security headers on every response (Hono's secure-headers): a Content-Security-Policy the web
 * UI, the API reference page and the portal pass (scripts and styles only from this origin — no
 * inline style attribute or block, except the two server-rendered pages' own <style> blocks,
 * allowed by their hash; the SVG CAPTCHA is an image; data:/blob: images; evidence previews
 * framed by this origin only), nosniff, a strict referrer policy, no framing by other sites.
 * The installable app's service worker and manifest come from this origin (worker-src,
 * manifest-src); field photos may take the device's position (geolocation for this origin only).
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { serverStyleHashes } from './page-styles.ts';

export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", ...serverStyleHashes],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  frameSrc: ["'self'", 'blob:'],
  frameAncestors: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy,
    xFrameOptions: 'SAMEORIGIN',
    referrerPolicy: 'strict-origin-when-cross-origin',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    permissionsPolicy: { camera: ['self'], microphone: [], geolocation: ['self'] },
  });
}
