# Runs the Canonical ABI's reference definitions (component-model design/mvp/canonical-abi/
# definitions.py) on requests read as JSON from stdin, for the oracle test in
# test/component-canon.test.ts. Usage: python3 spec_oracle.py <path to definitions.py>
# Values are exchanged as JSON: {"$i": "<decimal>"} integers, {"$f": "<hex of f64 bits>"} floats,
# {"$c": <code point>} chars, {"$s": "<text>"} strings, {"$r": {label: v}} records, tuples and
# flags, {"$v": [label, v or null]} variants, enums, options and results, [..] lists.
import importlib.util, json, struct, sys

spec = importlib.util.spec_from_file_location('definitions', sys.argv[1])
d = importlib.util.module_from_spec(spec)
sys.modules['definitions'] = d
spec.loader.exec_module(d)
d.DETERMINISTIC_PROFILE = True

def vt(t):
    k = t['kind']
    prim = {'bool': d.BoolType, 's8': d.S8Type, 'u8': d.U8Type, 's16': d.S16Type, 'u16': d.U16Type,
            's32': d.S32Type, 'u32': d.U32Type, 's64': d.S64Type, 'u64': d.U64Type, 'f32': d.F32Type,
            'f64': d.F64Type, 'char': d.CharType, 'string': d.StringType}
    if k in prim: return prim[k]()
    if k == 'list': return d.ListType(vt(t['elem']), t.get('length'))
    if k == 'record': return d.RecordType([d.FieldType(f['label'], vt(f['type'])) for f in t['fields']])
    if k == 'tuple': return d.TupleType([vt(u) for u in t['types']])
    if k == 'variant': return d.VariantType([d.CaseType(c['label'], vt(c['type']) if 'type' in c else None) for c in t['cases']])
    if k == 'enum': return d.EnumType(t['labels'])
    if k == 'option': return d.OptionType(vt(t['type']))
    if k == 'result': return d.ResultType(vt(t['ok']) if 'ok' in t else None, vt(t['err']) if 'err' in t else None)
    if k == 'flags': return d.FlagsType(t['labels'])
    raise Exception('type ' + k)

HOST_ENC = ['utf16']

def to_py(v):
    if isinstance(v, bool) or v is None: return v
    if isinstance(v, list): return [to_py(x) for x in v]
    if '$i' in v: return int(v['$i'])
    if '$f' in v: return struct.unpack('<d', bytes.fromhex(v['$f']))[0]
    if '$c' in v: return chr(v['$c'])
    if '$s' in v:
        s = v['$s']
        # A host string is abstract text; purewasm (like jco and wasmtime) hands it to a utf8
        # guest as UTF-8 with one exact allocation, i.e. the spec's utf8 -> utf8 copy.
        if HOST_ENC[0] == 'utf8': return (s, 'utf8', len(s.encode('utf-8')))
        return (s, 'utf16', len(s.encode('utf-16-le')) // 2)
    if '$r' in v: return {k: to_py(x) for k, x in v['$r'].items()}
    if '$v' in v: return {v['$v'][0]: to_py(v['$v'][1])}
    raise Exception('value ' + json.dumps(v))

def from_py(t, v):
    t = d.despecialize(t)
    if isinstance(t, d.BoolType): return v
    if isinstance(t, (d.F32Type, d.F64Type)): return {'$f': struct.pack('<d', v).hex()}
    if isinstance(t, d.CharType): return {'$c': ord(v)}
    if isinstance(t, d.StringType): return {'$s': v[0]}
    if isinstance(t, d.PrimValType): return {'$i': str(v)}
    if isinstance(t, d.ListType): return [from_py(t.t, x) for x in v]
    if isinstance(t, d.RecordType): return {'$r': {f.label: from_py(f.t, v[f.label]) for f in t.fields}}
    if isinstance(t, d.VariantType):
        [(label, x)] = v.items()
        c = [c for c in t.cases if c.label == label][0]
        return {'$v': [label, None if c.t is None else from_py(c.t, x)]}
    if isinstance(t, d.FlagsType): return {'$r': v}
    raise Exception('from_py')

class Store: pass

def context(enc, memhex, calls):
    mem = d.MemInst(bytearray.fromhex(memhex), 'i32')
    heap = [1024]
    def reallocate(old, osz, al, nsz):
        p = (heap[0] + al - 1) // al * al
        heap[0] = p + nsz
        if p + nsz > len(mem.bytes): mem.bytes.extend(bytes(p + nsz - len(mem.bytes) + 65536))
        if old: mem.bytes[p:p + min(osz, nsz)] = mem.bytes[old:old + min(osz, nsz)]
        calls.append([old, osz, al, nsz, p])
        return p
    opts = d.LiftLowerOptions(string_encoding=enc, memory=mem)
    cx = d.LiftLowerContext(opts, d.ComponentInstance(Store()))
    cx.reallocate = reallocate
    return cx, mem

def flat_out(vals, types):
    out = []
    for v, ft in zip(vals, types):
        out.append({'$f': struct.pack('<d', v).hex()} if ft in ('f32', 'f64') else {'$i': str(v)})
    return out

def store_string(r):
    calls = []
    cx, mem = context(r['dst'], '00' * 65536, calls)
    ptr, tagged = d.store_string_into_range(cx, (r['s'], r['src'], r['units']))
    n = tagged & 0x7fffffff
    blen = n if (r['dst'] == 'utf8' or (r['dst'] == 'latin1+utf16' and not tagged & (1 << 31))) else 2 * n
    return {'calls': calls, 'ptr': ptr, 'tagged': tagged, 'bytes': mem.bytes[ptr:ptr + blen].hex()}

def run(r):
    if r['op'] == 'store-string': return store_string(r)
    t = vt(r['t'])
    op = r['op']
    if op == 'layout':
        return {'align': d.alignment(t, 'i32'), 'size': d.elem_size(t, 'i32'), 'flat': d.flatten_type(t, d.LiftLowerOptions(memory=d.MemInst(bytearray(), 'i32')))}
    calls = []
    cx, mem = context(r['enc'], r.get('mem', '00' * 65536), calls)
    HOST_ENC[0] = r['enc']
    try:
        if op == 'store':
            d.store(cx, to_py(r['v']), t, r['ptr'])
            return {'calls': calls, 'mem': mem.bytes.hex()}
        if op == 'lower':
            flat = d.lower_flat(cx, to_py(r['v']), t)
            return {'calls': calls, 'mem': mem.bytes.hex(), 'flat': flat_out(flat, d.flatten_type(t, cx.opts))}
        if op == 'load':
            return {'v': from_py(t, d.load(cx, r['ptr'], t))}
        if op == 'lift':
            types = d.flatten_type(t, cx.opts)
            vals = [struct.unpack('<d', bytes.fromhex(x['$f']))[0] if ft in ('f32', 'f64') else int(x['$i']) for x, ft in zip(r['flat'], types)]
            return {'v': from_py(t, d.lift_flat(cx, d.CoreValueIter(vals), t))}
    except d.Trap:
        return {'trap': True}
    raise Exception('op ' + op)

print(json.dumps([run(r) for r in json.load(sys.stdin)]))
