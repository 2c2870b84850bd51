/** Every function family, imported for its registrations (the engine imports this file). */
import './conditional.js';
import './conversion.js';
import './string.js';
import './encoding.js';
import './datetime.js';
import './math.js';
import './dynamic.js';
import './ip.js';
import './geo.js';
import './series.js';
import './series-decomposition.js';
import './text-parsing.js';
import './hash.js';
import './ip-text.js';
import './dynamic-reshape.js';
import './encoding-arrays.js';
import './aggregates.js';
