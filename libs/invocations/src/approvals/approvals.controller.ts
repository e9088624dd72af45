import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal } from '#app/auth';
import type { Approval, Principal } from '#app/contracts';
import { ApprovalDecisions } from './approval-decisions.js';
import { parseApprovalStatus, parseDecideBody } from './approval.requests.js';

/** API.md 5.19–5.22: approvers list, read and decide the approval requests of their tenant. */
@Controller('v1/approvals')
export class ApprovalsController {
  constructor(private readonly decisions: ApprovalDecisions) {}

  @Get()
  async list(
    @CurrentPrincipal() principal: Principal | null,
    @Query('status') status: unknown,
  ): Promise<{ approvals: Approval[] }> {
    // The role is checked before the query, like lookup before the body (API.md 4.3).
    const approvals = await this.decisions.list(principal, () => parseApprovalStatus(status));
    return { approvals };
  }

  @Get(':approval_id')
  async read(
    @CurrentPrincipal() principal: Principal | null,
    @Param('approval_id') id: string,
  ): Promise<{ approval: Approval }> {
    return { approval: await this.decisions.read(principal, id) };
  }

  @Post(':approval_id/approve')
  @HttpCode(200)
  async approve(
    @CurrentPrincipal() principal: Principal | null,
    @Param('approval_id') id: string,
    @Body() body: unknown,
  ): Promise<{ approval: Approval }> {
    const approval = await this.decisions.decide(principal, id, 'approved', () =>
      parseDecideBody(body),
    );
    return { approval };
  }

  @Post(':approval_id/deny')
  @HttpCode(200)
  async deny(
    @CurrentPrincipal() principal: Principal | null,
    @Param('approval_id') id: string,
    @Body() body: unknown,
  ): Promise<{ approval: Approval }> {
    const approval = await this.decisions.decide(principal, id, 'denied', () =>
      parseDecideBody(body),
    );
    return { approval };
  }
}
