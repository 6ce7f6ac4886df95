/**
 * The organisation: 200 departments and 5,000 users with one shared argon2 hash, written with COPY.
 * Besides the supervision office (督办科) and the leaders' office (办公室) there are two hot departments:
 * 重点督办甲处, whose head (`hot_head`) gets the user with 10k pending tasks, 重点督办乙处, which gets
 * 5k items (its head `hot_dept_head` runs 督办查询), and 重点督办丙处, which gets 50k items in the large
 * database only (`hot_big_head`: 督办查询 of a department ten times the size).
 */
import { DEFAULT_SOURCES } from '../../src/server/bootstrap';
import { pinyinKey } from '../../src/server/modules/org/pinyin';
import { hashPassword } from '../../src/server/passwords';
import { CopyStream } from './copy';
import type { IdSource } from './ids';
import type { Random } from './random';

export const BENCH_PASSWORD = 'Bench12345';
const DEPARTMENT_COUNT = 200;
const USER_COUNT = 5_000;

export interface Department {
  id: string;
  name: string;
  head: string;
  deputies: string[];
  /** Enabled staff only (disabled users never get work). */
  staff: string[];
}

export interface Org {
  office: Department;
  leadersOffice: Department;
  hotTodo: Department;
  hotList: Department;
  /** The department of 50k items (bench/run.ts `--big-list`). */
  hotBig: Department;
  /** Departments that receive background items. */
  regular: Department[];
  supervisors: string[];
  admins: string[];
  leaders: string[];
  sysadmin: string;
  usernames: Map<string, string>;
  userCount: number;
  departmentCount: number;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华文辉力国庆晓东红梅志鹏海燕春雨晨阳宇浩然佳怡子涵思远博文欣妍俊杰';
const UNITS = [
  '财务',
  '人事',
  '信息',
  '综合',
  '法规',
  '审计',
  '规划',
  '宣传',
  '后勤',
  '安全',
  '科技',
  '教育',
  '统计',
  '档案',
  '外事',
  '保密',
  '计划',
  '资产',
  '工会',
  '督查',
];

function chineseName(random: Random): string {
  const given = GIVEN.length;
  const one = GIVEN[random.int(0, given - 1)] as string;
  const two = random.chance(0.7) ? (GIVEN[random.int(0, given - 1)] as string) : '';
  return `${SURNAMES[random.int(0, SURNAMES.length - 1)]}${one}${two}`;
}

interface UserSpec {
  username: string;
  position: 'head' | 'deputy' | 'staff';
  roles: string[];
  disabled?: boolean;
}

/** `users`: the directory's size (a province has ten times the bench's 5,000; bench/directory.ts). */
export async function createOrg(
  url: string,
  ids: IdSource,
  random: Random,
  size: { users?: number } = {},
): Promise<Org> {
  const now = new Date(Date.now() - 800 * 86_400_000);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const departments = new CopyStream(url, 'departments', [
    'id',
    'name',
    'parent_id',
    'sort_order',
    'created_at',
  ]);
  const users = new CopyStream(url, 'users', [
    'id',
    'username',
    'name',
    'email',
    'pinyin',
    'password_hash',
    'department_id',
    'position',
    'disabled',
    'created_at',
    'updated_at',
  ]);
  const grants = new CopyStream(url, 'role_grants', ['user_id', 'role', 'granted_at']);
  const sources = new CopyStream(url, 'sources', ['name', 'sort_order']);
  const usernames = new Map<string, string>();
  let userCount = 0;

  const addDepartment = (name: string, sortOrder: number, people: UserSpec[]): Department => {
    const department: Department = { id: ids.next(), name, head: '', deputies: [], staff: [] };
    void departments.write(`${department.id}\t${name}\t\\N\t${sortOrder}\t${now.toISOString()}\n`, 1);
    for (const person of people) {
      const id = ids.next();
      const name = chineseName(random);
      userCount++;
      usernames.set(id, person.username);
      void users.write(
        `${[
          id,
          person.username,
          name,
          '\\N',
          pinyinKey(name),
          passwordHash,
          department.id,
          person.position,
          person.disabled ? 't' : 'f',
          now.toISOString(),
          now.toISOString(),
        ].join('\t')}\n`,
        1,
      );
      for (const role of person.roles) void grants.write(`${id}\t${role}\t${now.toISOString()}\n`, 1);
      if (person.disabled) continue;
      if (person.position === 'head' && !department.head) department.head = id;
      else if (person.position === 'deputy') department.deputies.push(id);
      else department.staff.push(id);
    }
    return department;
  };

  const office = addDepartment('督办科', 0, [
    { username: 'dbk_head', position: 'head', roles: ['admin'] },
    { username: 'dbadmin1', position: 'deputy', roles: ['admin'] },
    { username: 'dbadmin2', position: 'staff', roles: ['admin'] },
    ...Array.from({ length: 30 }, (_, i) => ({
      username: `sup${String(i + 1).padStart(2, '0')}`,
      position: 'staff' as const,
      roles: ['supervisor'],
    })),
  ]);
  const leadersOffice = addDepartment('办公室', 1, [
    ...Array.from({ length: 6 }, (_, i) => ({
      username: `leader${i + 1}`,
      position: 'head' as const,
      roles: ['leader'],
    })),
    { username: 'auditor1', position: 'staff', roles: ['auditor'] },
    { username: 'auditor2', position: 'staff', roles: ['auditor'] },
    { username: 'admin', position: 'staff', roles: ['sysadmin'] },
  ]);
  const remainingDepartments = DEPARTMENT_COUNT - 2;
  const remainingUsers = (size.users ?? USER_COUNT) - userCount;
  const perDepartment = Math.floor(remainingUsers / remainingDepartments);
  let extra = remainingUsers - perDepartment * remainingDepartments;
  const others: Department[] = [];
  for (let d = 0; d < remainingDepartments; d++) {
    const size = perDepartment + (extra-- > 0 ? 1 : 0);
    const key =
      d === 0 ? 'hot' : d === 1 ? 'hot_dept' : d === 2 ? 'hot_big' : `d${String(d).padStart(3, '0')}`;
    const people: UserSpec[] = Array.from({ length: size }, (_, i) => ({
      username: i === 0 ? `${key}_head` : i <= 2 ? `${key}_deputy${i}` : `${key}_staff${i - 2}`,
      position: i === 0 ? 'head' : i <= 2 ? 'deputy' : 'staff',
      roles: [],
      // A few former staff are disabled, as in any real directory.
      disabled: i > 3 && random.chance(0.01),
    }));
    const name =
      d === 0
        ? '重点督办甲处'
        : d === 1
          ? '重点督办乙处'
          : d === 2
            ? '重点督办丙处'
            : `${UNITS[d % UNITS.length]}${['处', '科', '中心', '办'][Math.floor(d / UNITS.length) % 4]}${Math.floor(d / 80) + 1}`;
    others.push(addDepartment(name, d + 2, people));
  }
  DEFAULT_SOURCES.forEach((source, i) => {
    void sources.write(`${source}\t${i}\n`, 1);
  });
  await Promise.all([departments.end(), users.end(), grants.end(), sources.end()]);
  const [hotTodo, hotList, hotBig, ...regular] = others as [
    Department,
    Department,
    Department,
    ...Department[],
  ];
  const byRole = (prefix: string) =>
    [...usernames].filter(([, username]) => username.startsWith(prefix)).map(([id]) => id);
  return {
    office,
    leadersOffice,
    hotTodo,
    hotList,
    hotBig,
    regular,
    supervisors: byRole('sup'),
    admins: byRole('dbadmin'),
    leaders: byRole('leader'),
    sysadmin: byRole('admin')[0] as string,
    usernames,
    userCount,
    departmentCount: DEPARTMENT_COUNT,
  };
}
