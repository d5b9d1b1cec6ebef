// preview1 `path_*` functions. Spec: WebAssembly/WASI legacy/preview1/witx/wasi_snapshot_preview1.witx.
// Each is the matching wasi:filesystem Descriptor method on the directory descriptor (so the
// sandbox of fs/resolve.ts applies unchanged); `path_open` turns preview1's rights and oflags
// into WASI 0.2 descriptor flags and open flags the way the preview1 adapter does: read when the
// rights include fd_read or fd_readdir, write when they include fd_write, fd_allocate or
// fd_filestat_set_size, mutate-directory when the base directory has it.

import { Descriptor, type DescriptorFlags } from '../fs/descriptor.js';
import { DIR_RIGHTS, FDFLAGS, FILE_RIGHTS, LOOKUP_SYMLINK_FOLLOW, OFLAGS, RIGHTS, utf8 } from './abi.js';
import { filetype, newTimestamps, writeFilestat } from './fd.js';
import { syscall, type Preview1State } from './state.js';

const u32 = (v: number): number => v >>> 0;

export function pathFunctions(s: Preview1State): Record<string, (...args: never[]) => number> {
  const dir = (fd: number) => s.fds.dir(u32(fd)).desc;
  const str = (ptr: number, len: number) => s.mem().string(u32(ptr), u32(len));
  const follow = (flags: number) => ({ symlinkFollow: (flags & LOOKUP_SYMLINK_FOLLOW) !== 0 });

  return {
    path_create_directory: syscall((fd: number, p: number, l: number) => dir(fd).createDirectoryAt(str(p, l))),

    path_filestat_get: syscall((fd: number, flags: number, p: number, l: number, buf: number) => {
      const st = Descriptor.rawStat(dir(fd), follow(flags), str(p, l));
      writeFilestat(s.mem(), u32(buf), st, filetype(st.type));
    }),

    path_filestat_set_times: syscall((fd: number, flags: number, p: number, l: number, atim: bigint, mtim: bigint, fst: number) => {
      const [a, m] = newTimestamps(atim, mtim, fst & 0xffff);
      dir(fd).setTimesAt(follow(flags), str(p, l), a, m);
    }),

    path_link: syscall((oldFd: number, oldFlags: number, oldP: number, oldL: number, newFd: number, newP: number, newL: number) => {
      dir(oldFd).linkAt(follow(oldFlags), str(oldP, oldL), dir(newFd), str(newP, newL));
    }),

    path_open: syscall((fd: number, dirflags: number, p: number, l: number, oflags: number, rightsBase: bigint,
      rightsInheriting: bigint, fdflags: number, out: number) => {
      const base = s.fds.dir(u32(fd));
      const path = str(p, l);
      const rights = BigInt.asUintN(64, rightsBase);
      const flags: DescriptorFlags = {
        read: (rights & (RIGHTS.fd_read | RIGHTS.fd_readdir)) !== 0n,
        write: (rights & (RIGHTS.fd_write | RIGHTS.fd_allocate | RIGHTS.fd_filestat_set_size)) !== 0n,
        mutateDirectory: base.desc.getFlags().mutateDirectory === true,
        fileIntegritySync: (fdflags & FDFLAGS.sync) !== 0,
        dataIntegritySync: (fdflags & FDFLAGS.dsync) !== 0,
        requestedWriteSync: (fdflags & FDFLAGS.rsync) !== 0,
      };
      const desc = base.desc.openAt(follow(dirflags), path, {
        create: (oflags & OFLAGS.creat) !== 0,
        directory: (oflags & OFLAGS.directory) !== 0,
        exclusive: (oflags & OFLAGS.excl) !== 0,
        truncate: (oflags & OFLAGS.trunc) !== 0,
      }, flags);
      const type = desc.getType();
      const all = type === 'directory' ? DIR_RIGHTS : FILE_RIGHTS;
      const newFd = s.fds.add({
        kind: 'file', desc, type, pos: 0n, preopen: undefined, dirCache: undefined,
        flags: fdflags & (FDFLAGS.append | FDFLAGS.nonblock),
        rightsBase: rights & all, rightsInheriting: BigInt.asUintN(64, rightsInheriting) & (DIR_RIGHTS | FILE_RIGHTS),
      });
      s.mem().setU32(u32(out), newFd);
    }),

    path_readlink: syscall((fd: number, p: number, l: number, buf: number, bufLen: number, bufused: number) => {
      const target = utf8(dir(fd).readlinkAt(str(p, l)));
      const n = Math.min(target.length, u32(bufLen));
      const m = s.mem();
      m.write(u32(buf), target.subarray(0, n));
      m.setU32(u32(bufused), n);
    }),

    path_remove_directory: syscall((fd: number, p: number, l: number) => dir(fd).removeDirectoryAt(str(p, l))),

    path_rename: syscall((fd: number, oldP: number, oldL: number, newFd: number, newP: number, newL: number) => {
      dir(fd).renameAt(str(oldP, oldL), dir(newFd), str(newP, newL));
    }),

    path_symlink: syscall((oldP: number, oldL: number, fd: number, newP: number, newL: number) => {
      dir(fd).symlinkAt(str(oldP, oldL), str(newP, newL));
    }),

    path_unlink_file: syscall((fd: number, p: number, l: number) => dir(fd).unlinkFileAt(str(p, l))),
  };
}
