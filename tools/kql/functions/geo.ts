/** Geospatial functions: great-circle distance; IP geolocation through a lookup the caller registers. */
import { registerScalar, scalar, type Call } from '../registry.js';
import { KqlUnsupportedError } from '../errors.js';

// The sphere Kusto measures on (use_spheroid=false, the default): a radius of 6,371,010 m reproduces the
// reference's example to every printed digit (1546754.35197381 m, Seattle to Los Angeles), the mean radius
// 6,371,008.8 m does not (1546754.06).
const EARTH_RADIUS_M = 6371010;

registerScalar(
  scalar('geo_distance_2points(p1_longitude: number, p1_latitude: number, p2_longitude: number, p2_latitude: number): real',
    function geoDistance2points(lon1: number, lat1: number, lon2: number, lat2: number) {
      if ([lon1, lat1, lon2, lat2].some((v) => typeof v !== 'number' || Number.isNaN(v))) return null;
      if (Math.abs(lat1) > 90 || Math.abs(lat2) > 90 || Math.abs(lon1) > 180 || Math.abs(lon2) > 180) return null;
      const rad = Math.PI / 180;
      const dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
      const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
      return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }),
  scalar('geo_info_from_ip_address(ip: string): dynamic', function geoInfoFromIpAddress(ip: string, call: Call) {
    // Kusto's geolocation database is not shipped; without one registered by the caller the function is refused
    // loudly, like every feature the engine lacks, rather than failing at run time.
    if (!call.ctx.geoLookup) throw new KqlUnsupportedError('function geo_info_from_ip_address', undefined, 'no IP geolocation table is registered (KqlEngine.setGeoLookup)');
    return call.ctx.geoLookup(ip);
  }),
);
