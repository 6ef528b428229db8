// `aisle user …` and `aisle device …`: the people and devices commands of the admin CLI. Each is
// one admin API operation (shared/admin-api/users.ts, operations.ts, audit-devices.ts), run through
// the server that holds the data directory when one runs, on the database otherwise (admin-target.ts).
import { type DeviceList, DeviceRename, type DeviceSummary } from '../../shared/admin-api/audit-devices.ts';
import { type AddedUser, AddUser, type PasswordSet, type RevokedDevice, SetPassword } from '../../shared/admin-api/operations.ts';
import { SetPin, type UserList, UserPatch, type UserSummary } from '../../shared/admin-api/users.ts';
import { listDevices, renameDeviceOp } from '../admin/devices.ts';
import { addUserOp, revokeDeviceOp, setPasswordOp } from '../admin/operations.ts';
import { listUsers, setPinOp, updateUserOp } from '../admin/users.ts';
import { isUserRole } from '../users/users.ts';
import { runAdmin } from './admin-target.ts';
import { CliError, print } from './output.ts';

export const USER_USAGE = `  user list                                 every user with role, sites and state
  user add --username U --password P --role cashier|supervisor|picker|manager|admin [--pin 1234]
           [--name "Display name"] [--sites STORE1,STORE2]
  user set --username U [--role R] [--name N] [--sites A,B]
                                            change a user's role, name or sites
  user disable --username U                 refuse their login (web sessions end, devices refuse the PIN)
  user enable --username U                  let them log in again
  user passwd --username U --password P     set a user's password (ends their sessions)
  user pin --username U --pin 1234          set a user's PIN (--pin none removes it)
  device list                               paired devices with last sync and unsent count
  device rename --id <deviceId> --name N    the name lists and reports show
  device revoke --id <deviceId>             lock a device out`;

export interface PeopleOptions {
  json: boolean;
  /** The CLI's whole usage text, for an unknown subcommand. */
  usage: string;
  required(name: string): string;
  optional(name: string): string | undefined;
}

const userPath = (username: string, rest = ''): string => `/api/admin/users/${encodeURIComponent(username)}${rest}`;

function role(value: string): AddUser['role'] {
  if (!isUserRole(value)) throw new CliError('bad_option', '--role must be cashier, supervisor, picker, manager or admin');
  return value;
}

function sites(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);
}

const userLine = (u: UserSummary): string =>
  `${u.username.padEnd(16)} ${u.role.padEnd(10)} ${(u.active ? 'active' : 'disabled').padEnd(8)} ${u.hasPin ? 'PIN ' : '    '} ${u.sites.map((s) => s.code).join(',') || '-'}  ${u.displayName}`;

async function patchUser(o: PeopleOptions, patch: UserPatch, done: (u: UserSummary) => string): Promise<void> {
  const username = o.required('username');
  const user = await runAdmin<UserSummary>({ method: 'PATCH', path: userPath(username), body: patch, bodySchema: UserPatch, migrateFirst: true, direct: (db, actor) => updateUserOp(db, actor, username, patch) });
  print(o.json, user, done(user));
}

export async function userCommand(sub: string | undefined, o: PeopleOptions): Promise<void> {
  switch (sub) {
    case 'list': {
      const result = await runAdmin<UserList>({ method: 'GET', path: '/api/admin/users', direct: async (db) => ({ users: await listUsers(db) }) });
      return print(o.json, result, result.users.map(userLine).join('\n') || 'no users');
    }
    case 'add': {
      const pin = o.optional('pin');
      const name = o.optional('name');
      const at = sites(o.optional('sites'));
      const body: AddUser = {
        username: o.required('username'), password: o.required('password'), role: role(o.required('role')),
        ...(pin ? { pin } : {}), ...(name ? { displayName: name } : {}), ...(at ? { sites: at } : {}),
      };
      const user = await runAdmin<AddedUser>({ method: 'POST', path: '/api/admin/users', body, bodySchema: AddUser, migrateFirst: true, direct: (db, actor) => addUserOp(db, actor, body) });
      return print(o.json, user, `created ${user.role} ${user.username}`);
    }
    case 'set': {
      const r = o.optional('role');
      const name = o.optional('name');
      const at = sites(o.optional('sites'));
      const patch: UserPatch = { ...(r ? { role: role(r) } : {}), ...(name ? { displayName: name } : {}), ...(at ? { sites: at } : {}) };
      if (Object.keys(patch).length === 0) throw new CliError('missing_option', 'user set needs --role, --name or --sites');
      return patchUser(o, patch, (u) => `${u.username}: ${u.role}, "${u.displayName}", sites ${u.sites.map((s) => s.code).join(', ') || 'none (not tied to a site)'}`);
    }
    case 'disable':
      return patchUser(o, { active: false }, (u) => `disabled ${u.role} ${u.username}`);
    case 'enable':
      return patchUser(o, { active: true }, (u) => `enabled ${u.role} ${u.username}`);
    case 'passwd': {
      const username = o.required('username');
      const body = { password: o.required('password') };
      const result = await runAdmin<PasswordSet>({ method: 'PUT', path: userPath(username, '/password'), body, bodySchema: SetPassword, migrateFirst: true, direct: (db, actor) => setPasswordOp(db, actor, username, body) });
      return print(o.json, result, `password changed for ${result.role} ${result.username}`);
    }
    case 'pin': {
      const username = o.required('username');
      const given = o.required('pin');
      const body = { pin: given === 'none' ? null : given };
      const user = await runAdmin<UserSummary>({ method: 'PUT', path: userPath(username, '/pin'), body, bodySchema: SetPin, migrateFirst: true, direct: (db, actor) => setPinOp(db, actor, username, body) });
      return print(o.json, user, `${user.hasPin ? 'PIN set' : 'PIN removed'} for ${user.role} ${user.username}`);
    }
    default:
      throw new CliError('unknown_command', `unknown: user ${sub ?? ''}\n${o.usage}`);
  }
}

const deviceLine = (d: DeviceSummary): string =>
  `${d.id}  ${d.name.padEnd(20)} ${d.role.padEnd(7)} ${d.siteCode.padEnd(8)} ${d.revokedAt ? 'revoked' : `last sync ${d.lastSyncAt ?? 'never'}, unsent ${d.unsentCount ?? '?'}`}`;

export async function deviceCommand(sub: string | undefined, o: PeopleOptions): Promise<void> {
  switch (sub) {
    case 'list': {
      const result = await runAdmin<DeviceList>({ method: 'GET', path: '/api/admin/devices', direct: async (db) => ({ devices: await listDevices(db) }) });
      return print(o.json, result, result.devices.map(deviceLine).join('\n') || 'no devices');
    }
    case 'rename': {
      const id = o.required('id');
      const body = { name: o.required('name') };
      const device = await runAdmin<DeviceSummary>({ method: 'PATCH', path: `/api/admin/devices/${encodeURIComponent(id)}`, body, bodySchema: DeviceRename, migrateFirst: true, direct: (db, actor) => renameDeviceOp(db, actor, id, body) });
      return print(o.json, device, `renamed ${device.role} ${device.id} to "${device.name}"`);
    }
    case 'revoke': {
      const id = o.required('id');
      const result = await runAdmin<RevokedDevice>({ method: 'POST', path: `/api/admin/devices/${encodeURIComponent(id)}/revoke`, migrateFirst: true, direct: (db, actor) => revokeDeviceOp(db, actor, id) });
      return print(o.json, result, `revoked ${result.revoked}`);
    }
    default:
      throw new CliError('unknown_command', `unknown: device ${sub ?? ''}\n${o.usage}`);
  }
}
