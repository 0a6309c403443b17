// A private Dovecot (IMAP + LMTP) from Debian's package, configured by us: its own directories and
// ports, passwd-file users, Maildir mail owned by the `mail` user (Dovecot refuses to store as root).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dirReachableBy, killStale, spawnServer, tailOf, waitForPort, type RunningServer } from './process.js';

export interface DovecotOptions { stateDir: string; imapPort: number; lmtpPort: number; users: string[]; password: string }
export interface DovecotServer extends RunningServer { imapPort: number; lmtpPort: number; users: string[]; password: string }

function ids(user: string): { uid: number; gid: number } {
  const [, , uid, gid] = execFileSync('getent', ['passwd', user], { encoding: 'utf8' }).trim().split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startDovecot(options: DovecotOptions): Promise<DovecotServer> {
  const binary = '/usr/sbin/dovecot';
  if (!existsSync(binary)) throw new Error('Dovecot is not installed: run scripts/setup.sh --for-tests (it installs dovecot-imapd and dovecot-lmtpd)');
  // Dovecot's own processes run as `dovecot` and store mail as `mail`: they must be able to reach its files.
  const dir = dirReachableBy(['mail', 'dovecot'], options.stateDir, 'dovecot');
  const mailDir = join(dir, 'mail');
  for (const d of [dir, join(dir, 'run'), join(dir, 'state'), mailDir]) mkdirSync(d, { recursive: true });
  const mail = ids('mail');
  chownSync(mailDir, mail.uid, mail.gid);
  const usersFile = join(dir, 'users');
  writeFileSync(usersFile, options.users.map((u) => `${u}:{PLAIN}${options.password}::::::`).join('\n') + '\n', { mode: 0o640 });
  chownSync(usersFile, 0, ids('dovecot').gid); // read by Dovecot's auth process, which runs as `dovecot`
  const config = `# Written by arflow's devstack; a private instance beside any system Dovecot.
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
log_path = ${join(dir, 'dovecot.log')}
instance_name = arflow-${options.imapPort}
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${mailDir}/%n
mail_uid = mail
mail_gid = mail
first_valid_uid = ${mail.uid}
first_valid_gid = ${mail.gid}
default_internal_user = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n ${join(dir, 'users')}
}
userdb {
  driver = static
  args = uid=mail gid=mail home=${mailDir}/%n
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Processed {
    auto = subscribe
  }
  mailbox Quarantine {
    auto = subscribe
  }
  mailbox Sent {
    auto = subscribe
    special_use = \\Sent
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${options.imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${options.lmtpPort}
  }
}
protocol lmtp {
  auth_username_format = %n
}
`;
  const configFile = join(dir, 'dovecot.conf');
  writeFileSync(configFile, config);
  const pidFile = join(dir, 'dovecot.pid');
  await killStale(pidFile);
  const { server } = spawnServer({ name: 'dovecot', command: binary, args: ['-F', '-c', configFile], pidFile, logFile: join(dir, 'dovecot.out') });
  try {
    await waitForPort('127.0.0.1', options.imapPort, 20_000, 'Dovecot IMAP');
    await waitForPort('127.0.0.1', options.lmtpPort, 20_000, 'Dovecot LMTP');
  } catch (err) {
    await server.stop();
    throw new Error(`${(err as Error).message}\n--- dovecot log ---\n${tailOf(join(dir, 'dovecot.out'))}\n${tailOf(join(dir, 'dovecot.log'))}`);
  }
  return { ...server, imapPort: options.imapPort, lmtpPort: options.lmtpPort, users: options.users, password: options.password };
}
