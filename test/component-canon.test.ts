// The Canonical ABI (src/component/canon): layout, values, strings, calls, resources, checked
// by hand-computed cases, round trips, the spec's definitions.py (when python3 is available) and
// jco's generated glue as the oracle of the JS conventions.

import './canon/layout.suite.js';
import './canon/oracle.suite.js';
import './canon/values.suite.js';
import './canon/strings.suite.js';
import './canon/calls.suite.js';
import './canon/resources.suite.js';
import './canon/jco.suite.js';
