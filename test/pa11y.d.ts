// The part of pa11y 10's API test/external-checkers.test.ts uses (pa11y ships no types of its own, and
// @types/pa11y describes pa11y 5).
declare module 'pa11y' {
  import type { Browser } from 'puppeteer';

  export interface Pa11yIssue {
    code: string;
    type: 'error' | 'warning' | 'notice';
    message: string;
    selector: string;
    context: string;
    runner: string;
  }

  export interface Pa11yOptions {
    browser?: Browser;
    runners?: ('axe' | 'htmlcs')[];
    standard?: 'WCAG2A' | 'WCAG2AA' | 'WCAG2AAA';
    actions?: string[];
    timeout?: number;
  }

  export default function pa11y(url: string, options?: Pa11yOptions): Promise<{ documentTitle: string; pageUrl: string; issues: Pa11yIssue[] }>;
}
