import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { SERVER_ENTRY, startScriptNodeFlags } from '../scripts/server-command';

const ROOT = resolve(__dirname, '..');

describe('how the server is started', () => {
  it('npm start tunes V8 heap growth (the memory figures of the README) without a hard heap cap', () => {
    const flags = startScriptNodeFlags();
    expect(flags).toEqual(expect.arrayContaining([expect.stringMatching(/^--heap-growing-percent=\d+$/), expect.stringMatching(/^--max-semi-space-size=\d+$/)]));
    expect(flags.some((f) => f.startsWith('--max-old-space-size'))).toBe(false);
  });

  it('the Dockerfile runs the same command as npm start, without the sh that would swallow SIGTERM', () => {
    const dockerfile = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])\s*$/m.exec(dockerfile);
    expect(cmd).not.toBeNull();
    expect(JSON.parse(cmd![1]!)).toEqual(['node', ...startScriptNodeFlags(), SERVER_ENTRY]);
  });

  it('the Docker image contains the published content, where the built server looks for it', () => {
    const dockerfile = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8');
    // dist/server/content.js looks upwards from dist/server for fhir-resources/package: /app/fhir-resources/package.
    expect(dockerfile).toMatch(/^COPY (--chown=\S+ )?fhir-resources\/package \.\/fhir-resources\/package$/m);
    expect(readFileSync(resolve(ROOT, '.dockerignore'), 'utf8')).not.toMatch(/fhir-resources/);
  });

  it('refuses a start script of another shape rather than guessing its flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ncmp-pkg-'));
    const file = resolve(dir, 'package.json');
    writeFileSync(file, JSON.stringify({ scripts: { start: 'tsx server/main.ts' } }));
    expect(() => startScriptNodeFlags(file)).toThrow(/should be "exec node \[--flags…\] dist\/server\/main.js"/);
  });
});

describe('docker-compose.yml', () => {
  // No Docker engine runs here: the file is checked as compose reads it.
  type Service = { image?: string; build?: unknown; command?: string[]; depends_on?: Record<string, { condition: string }>; healthcheck?: { test: string[] }; deploy?: { replicas?: number }; ports?: string[]; volumes?: string[]; environment?: Record<string, string> };
  const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
  const { db, init, server, lb } = compose.services;

  it('runs PostgreSQL with a health check, and a one-shot init that prepares the database once', () => {
    expect(db?.image).toMatch(/^postgres:15/);
    expect(db?.healthcheck?.test.join(' ')).toMatch(/pg_isready/);
    expect(init?.command).toEqual(['node', 'dist/scripts/prepare.js']);
    expect(init?.depends_on?.db?.condition).toBe('service_healthy');
  });

  it('runs two or more server replicas after init, reachable only through a load balancer with a health check', () => {
    expect(server?.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(server?.ports).toBeUndefined();
    expect(server?.depends_on?.init?.condition).toBe('service_completed_successfully');
    expect(server?.environment?.DATABASE_URL).toMatch(/@db:5432\//);
    expect(lb?.image).toMatch(/^nginx:/);
    expect(lb?.ports).toEqual(['8080:8080']);
    expect(lb?.healthcheck?.test.join(' ')).toMatch(/nginx-health/);
    const conf = lb?.volumes?.find((v) => v.endsWith(':/etc/nginx/conf.d/default.conf:ro'))?.split(':')[0];
    const nginx = readFileSync(resolve(ROOT, conf!), 'utf8');
    expect(nginx).toMatch(/server server:8080 resolve;/);
    expect(nginx).toMatch(/location = \/nginx-health/);
  });
});
