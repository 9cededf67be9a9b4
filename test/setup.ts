/** Runs in every test file: its temporary folders go when the file is done, whatever the outcome. */
import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers/temp.js';

afterAll(removeTempDirs);
