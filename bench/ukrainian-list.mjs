// Writes a synthetic Ukrainian contact list (issue 17's bench): Cyrillic names and course titles in
// every row, notes with line breaks (quoted CSV fields), and at least 15% Cyrillic or mixed-script
// local parts (`анна.shevchenko7@ukr.net`, `богдан.коваль8@company1415.com.ua`, `тарас@gmail.com`).
// Deterministic (seeded) so runs compare. Usage: node bench/ukrainian-list.mjs <file> [rows]
import { createWriteStream } from 'node:fs';
import { mulberry32 } from './random.mjs';

const FIRST = [
  ['Олена', 'olena'], ['Тарас', 'taras'], ['Анна', 'anna'], ['Богдан', 'bohdan'], ['Ірина', 'iryna'], ['Андрій', 'andrii'],
  ['Марія', 'mariia'], ['Петро', 'petro'], ['Юлія', 'yuliia'], ['Олексій', 'oleksii'], ['Наталія', 'nataliia'], ['Ігор', 'ihor'],
  ['Оксана', 'oksana'], ['Дмитро', 'dmytro'], ['Ганна', 'hanna'], ['Сергій', 'serhii'], ['Катерина', 'kateryna'], ['Євген', 'yevhen'],
];
const LAST = [
  ['Шевченко', 'shevchenko'], ['Коваль', 'koval'], ['Мельник', 'melnyk'], ['Бондаренко', 'bondarenko'], ['Ткаченко', 'tkachenko'],
  ['Кравченко', 'kravchenko'], ['Олійник', 'oliinyk'], ['Лисенко', 'lysenko'], ['Петренко', 'petrenko'], ['Мороз', 'moroz'],
  ['Савченко', 'savchenko'], ['Руденко', 'rudenko'], ['Гончаренко', 'honcharenko'], ['Їжакевич', 'yizhakevych'],
];
const PROVIDERS = ['gmail.com', 'gmail.com', 'gmail.com', 'ukr.net', 'ukr.net', 'i.ua', 'meta.ua', 'outlook.com', 'icloud.com', 'yahoo.com', 'bigmir.net', 'hotmail.com'];
const COURSES = [
  'Англійська для дітей 7–9 років', 'Підготовка до НМТ з математики', 'Основи програмування на Python', 'Малювання олівцем',
  'Українська література: підготовка до ЗНО', 'Фортепіано для початківців', 'Історія України онлайн', 'Шахи: рівень 2',
];
const NOTES = [
  'Оплата частинами\nДзвонити після 18:00', 'Батьки: мама Оксана\nтел. у профілі', '', 'Пробний урок пройдено', 'Знижка 10%\nПовернення у вересні\nVIP',
];

let rand = mulberry32(17);
const pick = (list) => list[Math.floor(rand() * list.length)];
const csv = (s) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** One address; about 17% have a Cyrillic or mixed-script local part (none with `latin`, for comparison). */
function address(first, last, i, latin) {
  const r = rand();
  if (latin) [first, last] = [[first[1], first[1]], [last[1], last[1]]];
  const n = i % 100;
  if (r < 0.07) return `${first[0].toLowerCase()}.${last[1]}${n}@${pick(PROVIDERS)}`; // анна.shevchenko7@ukr.net
  if (r < 0.13) return `${first[0].toLowerCase()}.${last[0].toLowerCase()}${n}@company${Math.floor(rand() * 20000)}.com.ua`;
  if (r < 0.17) return `${first[0].toLowerCase()}@${pick(PROVIDERS)}`; // тарас@gmail.com
  if (r < 0.19) return `${first[1]}.${last[1]}@${pick(['gmail.com.com', 'ukr.net.', 'gmail,com', 'ukrnet'])}`;
  if (r < 0.6) return `${first[1]}.${last[1]}${i}@${pick(PROVIDERS)}`;
  return `${first[1]}.${last[1]}.${i}@company${Math.floor(rand() * 20000)}.com.ua`;
}

/** Writes `rows` rows; `latin` gives every address a Latin local part, all else the same (same seed). */
export async function generate(path, rows, latin = false) {
  rand = mulberry32(17);
  const out = createWriteStream(path);
  const write = (text) => (out.write(text) ? undefined : new Promise((ok) => out.once('drain', ok)));
  await write("Ім'я,Прізвище,Email,Телефон,Курс,Нотатки,Дата реєстрації\n");
  for (let i = 0; i < rows; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const phone = `+380${Math.floor(500000000 + rand() * 499999999)}`;
    const date = `2025-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
    await write(`${first[0]},${last[0]},${csv(address(first, last, i, latin))},${phone},${csv(pick(COURSES))},${csv(pick(NOTES))},${date}\n`);
  }
  await new Promise((ok) => out.end(ok));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await generate(process.argv[2] ?? 'bench/data/ukrainian.csv', Number(process.argv[3] ?? 1_000_000), process.argv[4] === '--latin');
}
