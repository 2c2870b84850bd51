/** Geospatial functions: great-circle distance; IP geolocation through a lookup the caller registers. */
import { registerScalar } from '../registry.js';
import { S } from './support.js';
import { KqlRuntimeError } from '../errors.js';

registerScalar(
  S('geo_distance_2points', 4, 4, (a) => {
    const [lon1, lat1, lon2, lat2] = a as number[];
    if ([lon1, lat1, lon2, lat2].some((v) => typeof v !== 'number' || Number.isNaN(v))) return null;
    if (Math.abs(lat1!) > 90 || Math.abs(lat2!) > 90 || Math.abs(lon1!) > 180 || Math.abs(lon2!) > 180) return null;
    const R = 6371008.8, rad = Math.PI / 180;
    const dLat = (lat2! - lat1!) * rad, dLon = (lon2! - lon1!) * rad;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1! * rad) * Math.cos(lat2! * rad) * Math.sin(dLon / 2) ** 2;
    return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
  }),
  S('geo_info_from_ip_address', 1, 1, (a, c) => {
    if (!c.geoLookup) throw new KqlRuntimeError('geo_info_from_ip_address(): no geo lookup table is registered (KqlEngine.setGeoLookup)');
    return c.geoLookup(a[0] as string);
  }),
);
