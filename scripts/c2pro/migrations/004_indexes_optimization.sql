-- c2pro 004: an index on every foreign key column (seed CE-24 "Indexes exist on all FK
-- columns") plus the composite indexes the dashboard queries use. users.tenant_id is already
-- the leading column of UNIQUE (tenant_id, email).

CREATE INDEX idx_projects_tenant_id ON projects (tenant_id);
CREATE INDEX idx_projects_created_by ON projects (created_by);
CREATE INDEX idx_documents_tenant_id ON documents (tenant_id);
CREATE INDEX idx_documents_project_id ON documents (project_id);
CREATE INDEX idx_documents_uploaded_by ON documents (uploaded_by);
CREATE INDEX idx_clauses_tenant_id ON clauses (tenant_id);
CREATE INDEX idx_clauses_document_id ON clauses (document_id);
CREATE INDEX idx_analyses_tenant_id ON analyses (tenant_id);
CREATE INDEX idx_analyses_project_id ON analyses (project_id);
CREATE INDEX idx_analyses_document_id ON analyses (document_id);
CREATE INDEX idx_alerts_tenant_id ON alerts (tenant_id);
CREATE INDEX idx_alerts_analysis_id ON alerts (analysis_id);
CREATE INDEX idx_alerts_source_clause_id ON alerts (source_clause_id);
CREATE INDEX idx_extractions_tenant_id ON extractions (tenant_id);
CREATE INDEX idx_extractions_document_id ON extractions (document_id);
CREATE INDEX idx_extractions_clause_id ON extractions (clause_id);
CREATE INDEX idx_stakeholders_tenant_id ON stakeholders (tenant_id);
CREATE INDEX idx_stakeholders_project_id ON stakeholders (project_id);
CREATE INDEX idx_wbs_items_tenant_id ON wbs_items (tenant_id);
CREATE INDEX idx_wbs_items_project_id ON wbs_items (project_id);
CREATE INDEX idx_wbs_items_parent_id ON wbs_items (parent_id);
CREATE INDEX idx_bom_items_tenant_id ON bom_items (tenant_id);
CREATE INDEX idx_bom_items_project_id ON bom_items (project_id);
CREATE INDEX idx_bom_items_wbs_item_id ON bom_items (wbs_item_id);
CREATE INDEX idx_stakeholder_wbs_raci_tenant_id ON stakeholder_wbs_raci (tenant_id);
CREATE INDEX idx_stakeholder_wbs_raci_stakeholder_id ON stakeholder_wbs_raci (stakeholder_id);
CREATE INDEX idx_stakeholder_wbs_raci_wbs_item_id ON stakeholder_wbs_raci (wbs_item_id);
CREATE INDEX idx_ai_usage_logs_tenant_id ON ai_usage_logs (tenant_id);
CREATE INDEX idx_ai_usage_logs_user_id ON ai_usage_logs (user_id);
CREATE INDEX idx_ai_usage_logs_project_id ON ai_usage_logs (project_id);
CREATE INDEX idx_projects_tenant_created ON projects (tenant_id, created_at DESC);
CREATE INDEX idx_clauses_document_number ON clauses (document_id, clause_number);
CREATE INDEX idx_ai_usage_logs_tenant_created ON ai_usage_logs (tenant_id, created_at DESC);
